"""Development data: the demo seeder and the benchmark seeder (the top layer: it may import every app)."""
