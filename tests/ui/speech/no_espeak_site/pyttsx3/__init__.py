"""A stand-in pyttsx3 for tests: put this folder first on PYTHONPATH and a speech worker started from
the test sees a machine without espeak-ng (init() fails with the real pyttsx3's message)."""


def init(*args, **kwargs):
    raise RuntimeError("This means you probably do not have eSpeak or eSpeak-ng installed!")
