"""Claim documents: checked by content, stored under server-made names, hashed.

`claim_document_add` is the seller's (draft or open claim), the partner's (open
claim) or support's way in; `document_store` is the one place a file is written.

A rejected file raises a ValidationError keyed on `file` (or `kind`) that names
the rule; nothing already saved on the claim is touched, because the checks all
run before anything is written and the write is one row in its own transaction.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from claims.models import Claim, ClaimDocument, ClaimEvent
from claims.services.common import atomic_or_conflict, lock_claim
from partnernet.uploads import check_upload
from partnernet.users.models import User
from partners.people import is_partner_member, is_seller_member, is_support

SELLER_KINDS = [k for k, _label in ClaimDocument.Kind.choices]


def document_token(document: ClaimDocument) -> str:
    """The public handle of a document in URLs: the random part of its storage name."""
    return document.file.name.rsplit("/", 1)[-1]


NAME_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
}
TYPE_LABELS = {"application/pdf": "PDF", "image/png": "PNG image", "image/jpeg": "JPEG image"}


def _check_name_matches(name: str, content_type: str) -> None:
    """A file whose name promises one type and whose bytes are another is refused.

    A mismatch is how disguised files travel; a reviewer opening "invoice.pdf"
    must get a PDF.
    """
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    expected = NAME_TYPES.get(extension)
    if extension and expected != content_type:
        raise ValidationError(
            {
                "file": _(
                    "The file is named .%(ext)s but its contents are a %(actual)s: "
                    "the name and the contents must match (PDF, PNG or JPEG)."
                )
                % {"ext": extension, "actual": TYPE_LABELS[content_type]}
            }
        )


def _clean_kind(kind: str) -> str:
    if kind not in ClaimDocument.Kind.values:
        raise ValidationError(
            {
                "kind": _("Choose what the document is: %(kinds)s.")
                % {"kinds": ", ".join(ClaimDocument.Kind.values)}
            }
        )
    return kind


def document_store(
    *, claim: Claim, user: User, file: Any, kind: str, party: str, event: bool = True
) -> ClaimDocument:
    """Check and save one file on a claim the caller has already locked and authorised.

    The per-claim limit is counted under the caller's row lock on the claim, so two
    uploads at once cannot make an eleventh file.
    """
    kind = _clean_kind(kind)
    if file is None:
        raise ValidationError({"file": _("Choose a file to upload.")})
    try:
        checked = check_upload(file)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    original = (getattr(file, "name", "") or "document").rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:200]
    _check_name_matches(original, checked.content_type)
    limit = settings.UPLOAD_MAX_FILES_PER_CLAIM
    if ClaimDocument.objects.filter(claim=claim).count() >= limit:
        raise ValidationError(
            {
                "file": _("A claim can carry at most %(limit)d files; this claim already has %(limit)d.")
                % {"limit": limit}
            }
        )
    with transaction.atomic():
        document = ClaimDocument(
            claim=claim,
            kind=kind,
            party=party,
            original_name=original,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_by=user,
        )
        file.seek(0)
        # upload_to makes the stored name; the uploader's name never reaches the storage.
        document.file.save(f"upload.{checked.extension}", file, save=False)
        document.save()
        if event and claim.status != Claim.Status.DRAFT:
            visibility = {
                ClaimDocument.Party.SELLER: ClaimEvent.Visibility.SELLER,
                ClaimDocument.Party.PARTNER: ClaimEvent.Visibility.PARTNER,
            }.get(party, ClaimEvent.Visibility.INTERNAL)
            ClaimEvent.record(
                claim,
                kind=ClaimEvent.Kind.DOCUMENT_ADDED,
                actor=user,
                visibility=visibility,
                message=f"{document.get_kind_display()}: {original}",
                data={"document": document.pk, "kind": kind, "sha256": checked.sha256},
            )
    return document


def documents_missing(claim: Claim) -> list[dict[str, str]]:
    """What a claim still needs before it can be submitted (DESIGN §3)."""
    kinds = set(claim.documents.values_list("kind", flat=True))
    missing = []
    if not kinds & {ClaimDocument.Kind.INVOICE, ClaimDocument.Kind.PAYMENT_RECEIPT}:
        missing.append({"code": "invoice_required", "message": _("Add an invoice or a payment receipt.")})
    if not (claim.order.scope or "").strip() and ClaimDocument.Kind.SCOPE not in kinds:
        missing.append(
            {
                "code": "scope_required",
                "message": _(
                    "The order has no recorded scope: add a document showing the agreed scope of services."
                ),
            }
        )
    return missing


def claim_document_add(*, claim: Claim, user: User, file: Any, kind: str) -> ClaimDocument:
    """Add a document as the seller (draft or open claim) or the partner (open claim)."""
    with atomic_or_conflict():
        locked = lock_claim(claim)
        if is_seller_member(user, seller_id=locked.seller_id):
            party = ClaimDocument.Party.SELLER
            allowed = locked.status == Claim.Status.DRAFT or locked.is_open
        elif locked.status != Claim.Status.DRAFT and is_partner_member(user, partner_id=locked.partner_id):
            party = ClaimDocument.Party.PARTNER
            allowed = locked.is_open
        elif locked.status != Claim.Status.DRAFT and is_support(user):
            party = ClaimDocument.Party.SUPPORT
            allowed = True
        else:
            raise ValidationError(_("You cannot add documents to this claim."))
        if not allowed:
            raise ValidationError(
                {
                    "file": _("Documents can no longer be added: the claim is %(status)s.")
                    % {"status": locked.get_status_display().lower()}
                }
            )
        return document_store(claim=locked, user=user, file=file, kind=kind, party=party)


def claim_document_remove(*, claim: Claim, user: User, document: ClaimDocument) -> None:
    """A draft's own files can be removed before submit (after submit, the record is kept)."""
    with transaction.atomic():
        locked = lock_claim(claim)
        if (
            locked.status != Claim.Status.DRAFT
            or locked.claimant_id != user.pk
            or document.claim_id != locked.pk
        ):
            raise ValidationError(_("Only a draft's own documents can be removed."))
        storage, name = document.file.storage, document.file.name
        document.delete()
        transaction.on_commit(lambda: storage.delete(name))
