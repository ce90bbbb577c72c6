"""The demo seeder: one pass over catalogue, orders and claims (see the seed_demo command)."""

import random
from datetime import timedelta

from django.utils import timezone

from partnernet.management.demo.catalogue import CatalogueMixin
from partnernet.management.demo.claims import ClaimsMixin
from partnernet.management.demo.orders import OrdersMixin


class Seeder(CatalogueMixin, OrdersMixin, ClaimsMixin):
    def __init__(self, stdout):
        self.stdout = stdout
        self.now = timezone.now()
        self.rng = random.Random(20261128)  # noqa: S311 (demo data, not security)

    def days_ago(self, days: float, hours: float = 0):
        return self.now - timedelta(days=days, hours=hours)

    # --- orchestration ---------------------------------------------------------
    def run(self):
        self.holidays()
        self.groups()
        self.users()
        self.seller_accounts()
        self.taxonomy()
        self.requirements()
        self.reason_codes()
        self.partners()
        self.programme()
        self.memberships()
        self.background_orders()
        self.demo_orders()
        self.refresh_partners()
        self.compliance()
