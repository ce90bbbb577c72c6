"""Feedback e-mail, claim windows and reminders (tasks named claims.tasks.<name>)."""
