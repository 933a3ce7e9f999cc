"""Engine layer: the transitions machine, the runtime Call, scoring and the debrief. Never imports the UI."""
