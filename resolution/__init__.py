"""The Resolution Centre: the order conversation, issues settled with the partner before a claim, and remedies after one (DESIGN §7–§8)."""
