"""Files on a claim (checked by content at upload, stored under server-made names)."""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from claims.models.claim import Claim
from partnernet.documents import UploadedDocument


def claim_document_path(instance, filename):
    # Server-made names: never the uploader's file name on disk or in S3.
    return f"claims/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


class ClaimDocument(UploadedDocument):
    class Kind(models.TextChoices):
        INVOICE = "invoice", _("Invoice")
        PAYMENT_RECEIPT = "payment_receipt", _("Payment receipt")
        SCOPE = "scope", _("Scope of services")
        CORRESPONDENCE = "correspondence", _("Correspondence")
        OTHER = "other", _("Other")

    class Party(models.TextChoices):
        SELLER = "seller", _("Seller")
        PARTNER = "partner", _("Partner")
        SUPPORT = "support", _("Support")

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    party = models.CharField(max_length=10, choices=Party.choices, default=Party.SELLER)
    file = models.FileField(upload_to=claim_document_path, max_length=200)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        indexes = [models.Index(fields=["claim", "kind"], name="claimdoc_claim_kind")]
