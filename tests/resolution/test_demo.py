"""The demo data has orders with conversations and an issue in every status (idempotently)."""

from io import StringIO

import pytest
from django.core.management import call_command

from resolution.models import Issue, IssueEvent, MessageAttachment, OrderMessage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }


def test_every_issue_status_with_a_conversation_and_a_second_run_changes_nothing():
    call_command("seed_demo", stdout=StringIO())
    assert set(Issue.objects.values_list("status", flat=True)) == set(Issue.Status.values)
    for issue in Issue.objects.all():
        assert OrderMessage.objects.filter(order=issue.order).count() >= 3
        assert issue.events.first().kind == "reported"
    escalated = Issue.objects.get(status="escalated")
    assert escalated.claim.status == "draft" and escalated.claim.resolution_confirmed
    counts = (Issue.objects.count(), IssueEvent.objects.count(), OrderMessage.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (Issue.objects.count(), IssueEvent.objects.count(), OrderMessage.objects.count()) == counts
    assert MessageAttachment.objects.exists()
