"""Upload rules shared by claim and order documents (DESIGN §6).

PDF, PNG and JPEG only, recognised by their first bytes (not by name or the
browser's content type), at most UPLOAD_MAX_BYTES, never empty. The SHA-256 is
computed while reading so the record can prove what was received.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ALLOWED = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
}
EXTENSIONS = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}


@dataclass(frozen=True)
class CheckedUpload:
    content_type: str
    size: int
    sha256: str
    extension: str


def sniff_content_type(head: bytes) -> str | None:
    for content_type, signatures in ALLOWED.items():
        if any(head.startswith(sig) for sig in signatures):
            return content_type
    return None


def check_upload(uploaded, *, max_bytes: int | None = None) -> CheckedUpload:
    """Validate an UploadedFile; raises ValidationError naming the rule that failed."""
    max_bytes = max_bytes or settings.UPLOAD_MAX_BYTES
    size = getattr(uploaded, "size", None) or 0
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > max_bytes:
        raise ValidationError(
            _("The file is %(size).1f MB; the limit is %(limit)d MB.")
            % {"size": size / 1024 / 1024, "limit": max_bytes // (1024 * 1024)},
            code="too_large",
        )
    uploaded.seek(0)
    head = uploaded.read(16)
    content_type = sniff_content_type(head)
    if content_type is None:
        raise ValidationError(
            _("Only PDF, PNG and JPEG files are accepted; this file's contents are none of these."),
            code="file_type",
        )
    uploaded.seek(0)
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return CheckedUpload(
        content_type=content_type, size=size, sha256=digest.hexdigest(), extension=EXTENSIONS[content_type]
    )
