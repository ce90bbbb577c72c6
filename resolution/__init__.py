"""The Resolution Centre (DESIGN §7): the order conversation, issues settled with the partner, escalation."""
