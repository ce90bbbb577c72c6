from django.apps import AppConfig


class PartnernetConfig(AppConfig):
    name = "partnernet"
    verbose_name = "Platform (outbox, calendar, references)"
