"""Settings for the Celery worker that the reliability tests start as a subprocess.

The project's settings, plus: e-mail counted as one file per message in a
directory the test chooses, and the outbox's timings shortened so that a dead
worker's lease expires within the test.
"""

import os

from partnernet.settings import *  # noqa: F403

EMAIL_BACKEND = "tests.worker.backends.CountingFileBackend"
WORKER_MAIL_DIR = os.environ.get("WORKER_MAIL_DIR", "/tmp/partnernet-worker-mail")
OUTBOX_RELAY_AFTER_SECONDS = int(os.environ.get("OUTBOX_RELAY_AFTER_SECONDS", "60"))
