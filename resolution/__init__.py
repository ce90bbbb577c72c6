"""The Resolution Centre: the order conversation and issues settled with the partner
before a claim, escalated to a claim when that fails (DESIGN §7)."""
