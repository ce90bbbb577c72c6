"""Upload rules shared by claim and order documents (DESIGN §6).

PDF, PNG and JPEG only, recognised by their first bytes (not by name or the
browser's content type), at most UPLOAD_MAX_BYTES, never empty. The SHA-256 is
computed while reading so the record can prove what was received.

The first bytes only say what a file claims to be, so the whole file is checked
too (issue 16): a PDF must end as a PDF does (`startxref` pointing at its
cross-reference table or stream, a `trailer` or an xref stream, `%%EOF`), and
an image must decode with Pillow as the format its header names. A 5-byte
`%PDF-` or a PNG header followed by HTML is refused.
"""

import hashlib
import re
import warnings
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


_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_OBJECT_AT = re.compile(rb"\d+\s+\d+\s+obj\b")
PDF_TAIL_BYTES = 2048


def _pdf_is_whole(data: bytes) -> bool:
    """A header, and an end that points back into the file at its cross-reference section."""
    if not re.match(rb"%PDF-\d\.\d", data[:16]):
        return False
    tail = data[-PDF_TAIL_BYTES:].rstrip(b"\x00 \t\r\n")
    end = tail.rfind(b"%%EOF")
    if end < 0:
        return False
    match = _STARTXREF.search(tail[: end + 5])
    if match is None:
        return False
    offset = int(match.group(1))
    if not 0 < offset < len(data):
        return False
    at = data[offset : offset + 64]
    if at.startswith(b"xref"):
        return b"trailer" in data[offset:]  # a classic table is followed by its trailer
    return bool(_OBJECT_AT.match(at)) and b"/XRef" in data[offset : offset + 4096]  # an xref stream


def _image_decodes(uploaded, content_type: str) -> bool:
    from PIL import Image, UnidentifiedImageError

    expected = {"image/png": "PNG", "image/jpeg": "JPEG"}[content_type]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            uploaded.seek(0)
            with Image.open(uploaded) as image:
                if image.format != expected:
                    return False
                image.verify()  # structure and checksums
            uploaded.seek(0)
            with Image.open(uploaded) as image:
                image.load()  # and every pixel decodes
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return False
    except Image.DecompressionBombWarning:
        return False
    finally:
        uploaded.seek(0)
    return True


def _contents_match(uploaded, content_type: str) -> bool:
    if content_type == "application/pdf":
        uploaded.seek(0)
        data = uploaded.read()
        uploaded.seek(0)
        return _pdf_is_whole(data)
    return _image_decodes(uploaded, content_type)


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
    if not _contents_match(uploaded, content_type):
        raise ValidationError(
            _("This file starts like a %(kind)s but is not a whole, readable one; upload the original file.")
            % {"kind": EXTENSIONS[content_type].upper()},
            code="file_damaged",
        )
    uploaded.seek(0)
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return CheckedUpload(
        content_type=content_type, size=size, sha256=digest.hexdigest(), extension=EXTENSIONS[content_type]
    )
