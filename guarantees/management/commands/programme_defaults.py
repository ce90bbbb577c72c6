from django.core.management.base import BaseCommand

from guarantees.services import requirements_ensure_defaults


class Command(BaseCommand):
    help = "Create the Service Guarantee programme's default requirements if they are missing."

    def handle(self, *args, **options):
        created = requirements_ensure_defaults()
        self.stdout.write(f"programme requirements created: {created}")
