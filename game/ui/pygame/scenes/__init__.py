"""The game's screens. Each one draws, handles input and hands a result on (see `scene.Scene`)."""
