from django.apps import AppConfig


class PartnernetConfig(AppConfig):
    name = "partnernet"
    verbose_name = "Platform (outbox, calendar, references)"

    def ready(self) -> None:
        # Register the outbox tasks in every process (web and worker): partnernet.mail
        # publishes its send task by name from Celery's registry, so that the task module
        # depends on the mail package and never the other way round.
        from partnernet import tasks  # noqa: F401
