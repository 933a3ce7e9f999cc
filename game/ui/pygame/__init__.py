"""The windowed game, drawn with pygame: a small stack of scenes over the engine and the records."""
