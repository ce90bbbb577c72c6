"""A large, realistic data set for `make bench`: N partners, ~4 offerings each, 20×N orders,
10×N reviews and 2×N claims, inserted with COPY on PostgreSQL (bulk_create elsewhere).

Denormalised partner columns (rating, review count, starting price, search document,
badge) are computed while generating, so the partners are written once, final.
"""

import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from devdata.bench.data import SLUG_PREFIX
from devdata.bench.seeder import bench_seed
from partners.models import ServicePartner


class Command(BaseCommand):
    help = "Load a large data set for benchmarks (partners, offerings, orders, reviews, claims)."

    def add_arguments(self, parser):
        parser.add_argument("--partners", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=42)

    def handle(self, *args, partners, seed, **options):
        if partners < 1 or partners > 1_000_000:
            raise CommandError("--partners must be between 1 and 1,000,000.")
        existing = ServicePartner.objects.filter(slug__startswith=SLUG_PREFIX).count()
        if existing >= partners:
            self.stdout.write(f"seed_bench: {existing} bench partners already present; nothing to do.")
            return
        started = time.monotonic()
        self.rng = random.Random(seed + existing)
        with transaction.atomic():
            counts = bench_seed(rng=self.rng, first=existing, count=partners - existing)
        if connection.vendor == "postgresql":
            # Fresh statistics and visibility map, so the first queries after a large load
            # get good plans and index-only scans.
            with connection.cursor() as cursor:
                # VACUUM cannot run inside a transaction (a test, or a caller's atomic block).
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        took = time.monotonic() - started
        summary = ", ".join(f"{n} {name}" for name, n in counts.items())
        self.stdout.write(self.style.SUCCESS(f"seed_bench: {summary} in {took:.1f} s"))
