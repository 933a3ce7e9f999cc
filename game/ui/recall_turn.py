"""The recall turn the front ends drive: it lives in game/recall/turn.py (the rules in one place, no UI);
this name is kept for callers that import it from here."""

from game.recall.turn import ASK, EMPTY, PICK, TAKEN, UNAVAILABLE, Outcome, RecallTurn

__all__ = ["ASK", "EMPTY", "PICK", "TAKEN", "UNAVAILABLE", "Outcome", "RecallTurn"]
