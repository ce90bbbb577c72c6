"""The demo seeder: one pass over catalogue, programme, orders, claims and figures (seed_demo)."""

import random
from datetime import timedelta

from django.utils import timezone

from devdata.demo.catalogue import CatalogueMixin
from devdata.demo.claims import ClaimsMixin
from devdata.demo.demo_orders import DemoOrdersMixin
from devdata.demo.figures import FiguresMixin
from devdata.demo.orders import OrdersMixin
from devdata.demo.programme import ProgrammeMixin
from devdata.demo.records import RecordsMixin
from devdata.demo.remedies import remedies_and_notices
from devdata.demo.resolution import resolution_demo


class Seeder(
    CatalogueMixin, ProgrammeMixin, OrdersMixin, DemoOrdersMixin, ClaimsMixin, RecordsMixin, FiguresMixin
):
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
        resolution_demo(self)  # before demo_orders, which sends the feedback e-mails of every order
        self.demo_orders()
        self.track_records()
        remedies_and_notices(self)
        self.refresh_partners()
        self.compliance()
