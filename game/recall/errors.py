"""The one error recall raises when a model or the audio is unavailable."""

from __future__ import annotations


class RecallUnavailable(RuntimeError):
    """The embedding model, the speech model or the audio cannot be used; the message says which and why.
    Callers show it as one line and fall back (typed recall, or picking from the options)."""
