"""Load the demo data set (idempotent) and print the demo sign-ins.

Everything is keyed on natural keys (e-mail, slug, code, date, and for orders
the seller + partner + scope text), and every random choice comes from one
seeded generator that is consumed the same way on every run, so a second run
finds what the first made and creates nothing new.

The data is written with the ORM directly rather than through the apps'
services: it describes a history (orders accepted months ago, claims decided
last week) that the services, which act "now", cannot produce.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from devdata.demo import data
from devdata.demo.seeder import Seeder
from partners.models import ServicePartner


class Command(BaseCommand):
    help = "Load the PartnerNet demo data (idempotent) and print the demo sign-ins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when the database already has partners."
        )

    def handle(self, *args, **options):
        if options["if_empty"] and ServicePartner.objects.exists():
            self.stdout.write("Demo data not loaded: the database already has partners.")
            return
        with transaction.atomic():
            Seeder(stdout=self.stdout).run()
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write(f"Demo sign-ins (password: {data.PASSWORD}):")
        for email, _name, role in data.SIGN_INS:
            self.stdout.write(f"  {email:<24} {role}")
