"""In-app notifications: the twin of every e-mail to a portal user (DESIGN §9)."""
