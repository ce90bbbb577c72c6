"""Fixtures for the filing tests: files of each kind, a covered order, a ready draft."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from claims.models import Claim
from claims.services import claim_document_add, claim_draft_create
from tests import factories as f


def _image(kind: str) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (2, 2), (200, 30, 30)).save(out, kind)
    return out.getvalue()


PDF = (  # a whole PDF: uploads check its xref, trailer and startxref
    b"%PDF-1.4\n1 0 obj<<>>endobj\nxref\n0 2\n0000000000 65535 f \n0000000009 00000 n \n"
    b"trailer<</Size 2>>\nstartxref\n27\n%%EOF\n"
)
PNG = _image("PNG")  # real images: uploads decode them with Pillow
JPEG = _image("JPEG")
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


def pdf(name="invoice.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def big_file(size, name="big.pdf"):
    data = PDF + b"0" * (size - len(PDF))
    return SimpleUploadedFile(name, data, content_type="application/pdf")


VALID_FIELDS = {
    "reason": Claim.Reason.NOT_COMPLETED_AS_AGREED,
    "description": "Only 20 of the 50 listings were created.",
    "resolution_attempt": "I e-mailed the partner twice; they stopped answering.",
    "resolution_confirmed": True,
    "remedy": Claim.Remedy.PARTIAL_REFUND,
    "amount": "4000.00",
}


@pytest.fixture
def order(db):
    """A covered order completed two days ago by an IN seller."""
    return f.completed_order()


@pytest.fixture
def order_seller(order):
    return order.seller.owner


@pytest.fixture
def order_partner_user(order):
    return f.PartnerMemberFactory(partner=order.partner).user


@pytest.fixture
def ready_draft(order, order_seller):
    """A draft with every field and an invoice: ready to submit."""
    claim = claim_draft_create(order=order, user=order_seller, **VALID_FIELDS)
    claim_document_add(claim=claim, user=order_seller, file=pdf(), kind="invoice")
    return claim


def _stream(data):
    return io.BytesIO(data)
