"""Service levels, closing decided claims, the leads digest (tasks named claims.tasks.<name>)."""
