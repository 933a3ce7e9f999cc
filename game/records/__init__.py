"""Records layer: every call stored in SQLite, programs, grading, verification. No UI imports."""
