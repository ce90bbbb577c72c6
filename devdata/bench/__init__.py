"""The benchmark data set loaded by `manage.py seed_bench` (bulk inserts, COPY on PostgreSQL)."""
