"""An e-mail backend for the worker tests: one file per message, named after its outbox row.

WORKER_SEND_DELAY (seconds) slows every send so a test can act mid-batch;
WORKER_BLOCK_IDS (comma-separated outbox ids) makes the send of those rows hang
(after leaving a `stuck-<id>` marker) so the test knows exactly where the worker
is when it kills it.
"""

import os
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend


class CountingFileBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        directory = Path(os.environ.get("WORKER_MAIL_DIR") or settings.WORKER_MAIL_DIR)
        directory.mkdir(parents=True, exist_ok=True)
        delay = float(os.environ.get("WORKER_SEND_DELAY", "0") or 0)
        blocked = {b for b in os.environ.get("WORKER_BLOCK_IDS", "").split(",") if b}
        for message in email_messages:
            message_id = message.extra_headers.get("X-PartnerNet-Message", "0")
            purpose = message.extra_headers.get("X-PartnerNet-Purpose", "mail")
            if message_id in blocked:
                (directory / f"stuck-{message_id}").touch()
                time.sleep(3600)
            if delay:
                time.sleep(delay)
            name = f"{purpose}-{message_id}-{uuid.uuid4().hex}.eml"
            tmp = directory / f".{name}.tmp"
            tmp.write_bytes(message.message().as_bytes())
            tmp.rename(directory / name)  # atomic: a counted file is a whole message
        return len(email_messages)
