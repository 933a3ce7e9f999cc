"""Speech for client lines, without pygame: voice choice, the WAV cache and the pyttsx3 worker.

Submodules (import them directly; this package imports nothing on purpose so the worker starts fast):
`voices` maps a persona's voice hints to an espeak-ng voice and rate, `cache` names and prunes the
cached WAV files, `pcm` converts espeak's 22,050 Hz mono output to the mixer's format, `worker` is
the synthesis process (`python -m game.ui.speech.worker`), and `service` runs that process from the
game without ever blocking the caller.
"""
