"""Every database constraint of remedies and notifications refuses a violating row."""

import pytest
from django.db import IntegrityError, transaction

from partnernet.notifications.models import Notification
from remedies.models import Remedy

pytestmark = pytest.mark.django_db


def refused(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def _update(remedy, **fields):
    return lambda: Remedy.objects.filter(pk=remedy.pk).update(**fields)


def test_remedy_constraints(world):
    remedy = world["remedy"]  # a partial refund of ₹4,000 owed on a claim
    refused(_update(remedy, amount=None))
    refused(_update(remedy, kind="redo"))  # a redo carries no amount
    refused(_update(remedy, claim=None))
    refused(_update(remedy, source="issue"))  # an issue remedy needs its issue
    refused(_update(remedy, status="fulfilled"))  # without the moment
    refused(_update(remedy, fulfilled_at=remedy.created_at))  # a refund without its payment
    remedy.refresh_from_db()
    assert (remedy.status, remedy.kind, remedy.claim_id) == ("due", "partial_refund", world["claim"].pk)


def test_one_notification_per_notice_and_user(seller):
    row = {"recipient": seller, "purpose": "remedy_due", "object_key": "remedies.remedy:1", "title": "t"}
    Notification.objects.create(kind="remedy_due", **row)
    refused(lambda: Notification.objects.create(kind="remedy_due", **row))
