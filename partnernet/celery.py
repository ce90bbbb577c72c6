"""The Celery app of web, worker and beat.

Two rules that only the worker needs (the web process must publish and fail fast,
the outbox relay sends later):

- the worker never gives up on its broker: a Redis that is down for minutes or
  an embedded broker that is busy is retried for ever with back-off, and the
  worker resumes by itself (`broker_connection_max_retries=None` for the worker;
  the web keeps 0 so that a publish never hangs a request);
- while it consumes, the worker refreshes a heartbeat row (`partnernet.heartbeat`)
  that `/readyz` reads, so a worker that has stopped shows there.
"""

import os

from celery import Celery, bootsteps
from celery.signals import celeryd_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnernet.settings")

from partnernet import broker  # noqa: E402

broker.install()

app = Celery("partnernet")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@celeryd_init.connect
def _worker_retries_the_broker_for_ever(sender=None, conf=None, **kwargs):
    app.conf.broker_connection_retry = True
    app.conf.broker_connection_retry_on_startup = True
    app.conf.broker_connection_max_retries = None


class Heartbeat(bootsteps.StartStopStep):
    """Refreshes this worker's heartbeat row while its consumer runs (stops with it)."""

    requires = {"celery.worker.consumer.tasks:Tasks"}

    def __init__(self, parent, **kwargs):
        self.tref = None
        super().__init__(parent, **kwargs)

    def start(self, c):
        from partnernet.heartbeat import beat, interval_seconds, prune

        prune()
        beat(c.hostname)
        self.tref = c.timer.call_repeatedly(interval_seconds(), beat, (c.hostname,), priority=10)

    def stop(self, c):
        if self.tref is not None:
            self.tref.cancel()
            self.tref = None

    shutdown = stop


app.steps["consumer"].add(Heartbeat)
