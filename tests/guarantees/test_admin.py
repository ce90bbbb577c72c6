"""The programme admin for leads: requirements, read-only records, the decision page."""

import pytest

from guarantees.models import ProgrammeRequirement
from guarantees.services import enrollment_apply, terms_publish, terms_save_draft
from tests.guarantees.conftest import GOOD_VALUES

pytestmark = pytest.mark.django_db


def _requirement_form(**changes):
    data = {
        "key": "images_per_listing",
        "label": "Images per listing",
        "help_text": "",
        "value_type": "integer",
        "unit": "images",
        "choices": "",
        "position": "9",
        "is_active": "on",
        "floor": "3",
        "floor_direction": "min",
    }
    data.update(changes)
    return data


def test_lead_adds_a_requirement_with_a_floor(lead, client_for):
    response = client_for(lead).post("/admin/guarantees/programmerequirement/add/", _requirement_form())
    assert response.status_code == 302
    req = ProgrammeRequirement.objects.get(key="images_per_listing")
    assert (str(req.floor), req.floor_direction) == ("3.00", "min")


def test_a_floor_on_text_or_without_direction_is_refused(lead, client_for):
    client = client_for(lead)
    response = client.post(
        "/admin/guarantees/programmerequirement/add/",
        _requirement_form(value_type="text", floor_direction=""),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "A floor only applies to a number." in body
    assert "Say whether the floor is a maximum or a minimum." in body
    assert not ProgrammeRequirement.objects.filter(key="images_per_listing").exists()


def test_admin_pages_render_for_a_lead(member, lead, client_for):
    terms_save_draft(partner=member.partner, user=member, summary="", values=GOOD_VALUES)
    terms_publish(partner=member.partner, user=member)
    enrollment = enrollment_apply(partner=member.partner, user=member)
    client = client_for(lead)
    for url in (
        "/admin/guarantees/",
        "/admin/guarantees/programmerequirement/",
        "/admin/guarantees/guaranteeterms/",
        "/admin/guarantees/enrollment/",
        f"/admin/guarantees/enrollment/{enrollment.pk}/change/",
        f"/admin/guarantees/enrollment/{enrollment.pk}/decide/",
        "/admin/guarantees/badgeinterval/",
        "/admin/guarantees/compliancesnapshot/",
    ):
        assert client.get(url).status_code == 200, url
    # The enrolment record itself is read-only: status moves only through the decision page.
    assert (
        client.post(
            f"/admin/guarantees/enrollment/{enrollment.pk}/change/", {"status": "approved"}
        ).status_code
        == 403
    )
