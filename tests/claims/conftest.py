"""Fixtures for the filing tests: files of each kind, a covered order, a ready draft."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from claims.models import Claim
from claims.services import claim_document_add, claim_draft_create
from tests import factories as f

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
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
