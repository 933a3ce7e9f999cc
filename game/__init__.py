"""AR Dojo: a training game for accounts-receivable callers."""

__version__ = "0.1.0"
