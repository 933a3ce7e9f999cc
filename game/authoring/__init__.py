"""Authoring tools for trainers: validation helpers, diagrams, analysis, scaffolding and live preview."""
