"""The embedded broker: kombu's SQLAlchemy transport on its own SQLite file, hardened.

`make run` (no REDIS_URL) puts Celery's messages in `var/broker.sqlite3`. Every
message is a row written in one transaction, so a reader never sees half of one
(kombu's filesystem transport let the worker read a file the web process had
created but not yet written, and the JSONDecodeError killed the worker). On top
of kombu's transport this one

- waits for the write lock instead of failing (busy timeout, WAL: web, worker and
  beat write at once);
- refuses a malformed row with a log line and goes on (never the end of the worker);
- deletes a row when it hands the message out (kombu only hides it, so the table
  grew for ever); an unacknowledged message is put back by kombu's QoS on a
  clean shutdown, and a worker killed outright is covered by the outbox relay;
- takes `polling_interval` from the transport options (kombu's default of one
  second, with one message per poll once the prefetch is full, drained about two
  e-mails a second).

`partnernet.celery` points kombu's `sqla`/`sqlalchemy` aliases here, so the
URL stays the documented `sqla+sqlite:///…`.
"""

from __future__ import annotations

import logging
from json import loads
from queue import Empty

from kombu.transport import sqlalchemy as kombu_sqla
from kombu.utils.encoding import bytes_to_str
from sqlalchemy import create_engine, event, text

logger = logging.getLogger("partnernet.broker")

_NOT_ENGINE_OPTIONS = (
    "queue_tablename",
    "message_tablename",
    "callback",
    "errback",
    "max_retries",
    "interval_start",
    "interval_step",
    "interval_max",
    "retry_errors",
    "polling_interval",
    "busy_timeout",
)


def _well_formed(payload) -> bool:
    if not isinstance(payload, dict) or "body" not in payload:
        return False
    properties = payload.get("properties")
    return isinstance(properties, dict) and "delivery_tag" in properties


class Channel(kombu_sqla.Channel):
    def _engine_from_config(self):
        conninfo = self.connection.client
        options = dict(conninfo.transport_options)
        busy_timeout = float(options.get("busy_timeout", 30))
        for key in _NOT_ENGINE_OPTIONS:
            options.pop(key, None)
        if conninfo.hostname.startswith("sqlite"):
            options.setdefault("connect_args", {}).setdefault("timeout", busy_timeout)
        engine = create_engine(conninfo.hostname, **options)
        if engine.dialect.name == "sqlite":

            @event.listens_for(engine, "connect")
            def _pragmas(dbapi_connection, _record):
                cursor = dbapi_connection.cursor()
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA synchronous=NORMAL")
                cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout * 1000)}")
                cursor.close()

        return engine

    def _get(self, queue):
        obj = self._get_or_create(queue)
        session = self.session
        if session.bind.name == "sqlite":
            session.execute(text("BEGIN IMMEDIATE TRANSACTION"))
        try:
            msg = (
                session.query(self.message_cls)
                .with_for_update()
                .filter(self.message_cls.queue_id == obj.id)
                .filter(self.message_cls.visible != False)  # noqa: E712 (SQL, not Python)
                .order_by(self.message_cls.sent_at)
                .order_by(self.message_cls.id)
                .limit(1)
                .first()
            )
            if msg is None:
                raise Empty()
            raw = msg.payload
            session.delete(msg)
        finally:
            session.commit()
        try:
            payload = loads(bytes_to_str(raw))
        except (ValueError, TypeError, UnicodeDecodeError) as exc:
            payload, error = None, exc
        else:
            error = None if _well_formed(payload) else "not a kombu message"
        if error is not None:
            logger.error("broker: malformed message in queue %s rejected (%s): %.200r", queue, error, raw)
            raise Empty()
        return payload


class Transport(kombu_sqla.Transport):
    Channel = Channel


def install() -> None:
    """Make `sqla+…` broker URLs use this transport (called where the Celery app is made)."""
    from kombu.transport import TRANSPORT_ALIASES

    TRANSPORT_ALIASES["sqla"] = "partnernet.broker:Transport"
    TRANSPORT_ALIASES["sqlalchemy"] = "partnernet.broker:Transport"
