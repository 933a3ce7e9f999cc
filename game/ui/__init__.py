"""Presentation layer: the terminal mode and (later) the pygame game. Only this layer does I/O for players."""
