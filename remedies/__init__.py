"""Remedy obligations: what a decision, an accepted offer or an accepted issue owes the seller,
followed to the money or the redo (DESIGN §8)."""
