"""Content layer: YAML files in, frozen dataclasses (or diagnostics) out. No engine, no UI."""
