"""The order conversation: one thread per order between the seller's and the partner's members.

A message is text (≤ 5,000 characters) and/or one file checked by its content
(the §6 upload rules), stored under a server-made name. The other side is told
by e-mail at most once per order per hour (`ThreadNotice`).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnernet.uploads import CheckedUpload, check_upload
from partners.models import ServiceOrder
from partners.people import order_role
from resolution.errors import MessageInvalid, ThreadNotFound
from resolution.models import MESSAGE_MAX_CHARS, MessageAttachment, OrderMessage, Party, ThreadNotice
from resolution.services.notify import thread_notify

if TYPE_CHECKING:
    from django.core.files import File

    from partnernet.users.models import User

NOTICE_INTERVAL = timedelta(hours=1)
NAME_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg"}


def _original_name(file: File[bytes]) -> str:
    name = (getattr(file, "name", "") or "attachment").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    return name[:200] or "attachment"


def _check_file(file: File[bytes]) -> tuple[CheckedUpload, str]:
    """The §6 checks, plus: a name that promises one type over bytes of another is refused."""
    try:
        checked = check_upload(file)
    except ValidationError as exc:
        raise MessageInvalid(exc.messages[0], field="file") from exc
    original = _original_name(file)
    extension = original.rsplit(".", 1)[-1].lower() if "." in original else ""
    if extension and NAME_TYPES.get(extension) != checked.content_type:
        raise MessageInvalid(
            _(
                "The file is named .%(ext)s but its contents are not: the name and the contents "
                "must match (PDF, PNG or JPEG)."
            )
            % {"ext": extension},
            field="file",
        )
    return checked, original


def message_post(
    *,
    order: ServiceOrder,
    user: User,
    body: str = "",
    file: File[bytes] | None = None,
    moment: datetime | None = None,
) -> OrderMessage:
    """Add a message as the seller's or the partner's member; tell the other side (hourly)."""
    role = order_role(user, order)
    if role not in ("seller", "partner"):
        raise ThreadNotFound(_("No order with this reference among yours."))
    body = (body or "").strip()
    if len(body) > MESSAGE_MAX_CHARS:
        raise MessageInvalid(
            _("Keep the message under %(limit)s characters (this one has %(count)s).")
            % {"limit": f"{MESSAGE_MAX_CHARS:,}", "count": f"{len(body):,}"},
            field="body",
        )
    if not body and file is None:
        raise MessageInvalid(_("Write a message or attach a file."), field="body")
    checked, original = None, ""
    if file is not None:
        checked, original = _check_file(file)
    now = moment or timezone.now()
    with transaction.atomic():
        message = OrderMessage.objects.create(order=order, author=user, party=role, body=body, created_at=now)
        if checked is not None and file is not None:
            attachment = MessageAttachment(
                message=message,
                original_name=original,
                content_type=checked.content_type,
                size=checked.size,
                sha256=checked.sha256,
                uploaded_at=now,
            )
            file.seek(0)
            attachment.file.save(f"upload.{checked.extension}", file, save=False)
            attachment.save()
        other = Party.PARTNER if role == "seller" else Party.SELLER
        _notify_other_side(order, party=other, message=message, now=now)
    return message


def _notify_other_side(order: ServiceOrder, *, party: str, message: OrderMessage, now: datetime) -> None:
    if ThreadNotice.objects.filter(order=order, party=party, created_at__gt=now - NOTICE_INTERVAL).exists():
        return
    hour = now.replace(minute=0, second=0, microsecond=0)
    try:
        with transaction.atomic():
            notice = ThreadNotice.objects.create(order=order, party=party, hour=hour, created_at=now)
    except IntegrityError:
        return  # another message of the same hour won the race: one e-mail
    thread_notify(notice, order=order, party=party, message=message)
