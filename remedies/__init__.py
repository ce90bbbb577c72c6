"""Remedy obligations (DESIGN §8): what a decision or an accepted offer or issue owes the seller."""
