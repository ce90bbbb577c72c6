"""Console pages and the API: scoping, editor messages, history, compare, enrolment, the public badge."""

import pytest

from guarantees.models import Enrollment, GuaranteeTerms
from guarantees.services import (
    enrollment_apply,
    enrollment_approve,
    enrollment_suspend,
    enrollment_withdraw,
    terms_publish,
    terms_save_draft,
)
from tests.guarantees.conftest import GOOD_VALUES

pytestmark = pytest.mark.django_db


def _form(values=None, **extra):
    data = {f"req_{k}": v for k, v in (values or GOOD_VALUES).items()}
    data.update({"summary": "Our promise", **extra})
    return data


def _publish(member, **changes):
    terms_save_draft(partner=member.partner, user=member, summary="", values={**GOOD_VALUES, **changes})
    return terms_publish(partner=member.partner, user=member)


def test_console_pages_need_sign_in_and_a_partner(client, client_for, seller):
    assert client.get("/console/guarantee/").status_code == 302
    assert client_for(seller).get("/console/guarantee/").status_code == 404
    assert client_for(seller).get("/console/enrollment/").status_code == 404


def test_editor_saves_a_draft_then_publishes_version_one(member, client_for):
    client = client_for(member)
    assert "Response time" in client.get("/console/guarantee/edit/").content.decode()
    response = client.post("/console/guarantee/edit/", _form(action="save"))
    assert response.status_code == 302
    assert GuaranteeTerms.objects.get(partner=member.partner).status == "draft"
    page = client.get("/console/guarantee/").content.decode()
    assert "Publish as version 1" in page
    draft = GuaranteeTerms.objects.get()
    response = client.post("/console/guarantee/publish/", {"draft": draft.pk}, follow=True)
    assert "Version 1 is published" in response.content.decode()
    assert GuaranteeTerms.objects.get().version == 1


def test_editor_below_floor_saves_the_draft_but_refuses_to_publish_naming_the_parameter(member, client_for):
    client = client_for(member)
    response = client.post(
        "/console/guarantee/edit/", _form({**GOOD_VALUES, "response_time": "100"}, action="publish")
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Response time: the programme requires at most 72 hours; you entered 100." in body
    assert "is-invalid" in body
    assert not GuaranteeTerms.objects.filter(status="published").exists()
    assert GuaranteeTerms.objects.filter(status="draft").exists()


def test_editor_type_error_is_shown_next_to_the_field(member, client_for):
    response = client_for(member).post(
        "/console/guarantee/edit/", _form({**GOOD_VALUES, "delivery_timeline": "a week"}, action="save")
    )
    assert response.status_code == 200
    assert "Delivery timeline: enter a number." in response.content.decode()
    assert not GuaranteeTerms.objects.exists()


def test_history_version_page_and_side_by_side_compare(member, client_for):
    _publish(member)
    _publish(member, response_time="12")
    client = client_for(member)
    overview = client.get("/console/guarantee/").content.decode()
    assert "View version 1" in overview and "View version 2" in overview
    v1 = client.get("/console/guarantee/versions/1/").content.decode()
    assert "24 hours" in v1 and "12 hours" not in v1
    compare = client.get("/console/guarantee/compare/?a=1&b=2")
    body = compare.content.decode()
    assert compare.status_code == 200
    assert "24 hours" in body and "12 hours" in body and "diff-changed" in body
    assert client.get("/console/guarantee/compare/?a=1&b=9").status_code == 400


def test_another_partners_versions_are_404(member, other_member, client_for):
    _publish(member)
    client = client_for(other_member)
    assert client.get("/console/guarantee/versions/1/").status_code == 404
    assert "24 hours" not in client.get("/console/guarantee/").content.decode()


def test_enrolment_page_shows_the_checklist_and_applies(member, client_for):
    client = client_for(member)
    page = client.get("/console/enrollment/").content.decode()
    assert 'data-code="terms_published" data-ok="false"' in page
    response = client.post("/console/enrollment/apply/", follow=True)
    assert "not complete yet" in response.content.decode()
    assert not Enrollment.objects.exists()
    _publish(member)
    client.post("/console/enrollment/apply/")
    assert Enrollment.objects.get().status == "applied"
    client.post("/console/enrollment/withdraw/", {"reason": "Changed our mind"})
    assert Enrollment.objects.get().status == "withdrawn"


def test_lead_decides_in_the_admin_and_a_reviewer_cannot(member, lead, reviewer, client_for):
    _publish(member)
    enrollment = enrollment_apply(partner=member.partner, user=member)
    url = f"/admin/guarantees/enrollment/{enrollment.pk}/decide/"
    assert client_for(reviewer).post(url, {"action": "approve"}).status_code == 404
    response = client_for(lead).post(url, {"action": "reject", "reason": ""})
    assert response.status_code == 200 and "Give the reason" in response.content.decode()
    assert client_for(lead).post(url, {"action": "approve"}).status_code == 302
    enrollment.refresh_from_db()
    assert enrollment.status == "approved"
    member.partner.refresh_from_db()
    assert member.partner.badge_active


def test_badge_and_terms_appear_and_disappear_with_enrolment(member, lead, client, api_for):
    partner = member.partner
    _publish(member)
    profile_url, api_url = f"/partners/{partner.slug}/", f"/api/v1/partners/{partner.slug}/guarantee/"

    def state():
        partner.refresh_from_db()
        data = api_for().get(api_url).json()
        html = client.get(profile_url).content.decode()
        return partner.badge_active, data["badge"], data["terms"] is not None, "Show details" in html

    assert state() == (False, False, False, False)
    enrollment = enrollment_apply(partner=partner, user=member)
    enrollment_approve(enrollment=enrollment, lead=lead)
    assert state() == (True, True, True, True)
    data = api_for().get(api_url).json()
    assert data["terms"]["version"] == 1
    assert {"key": "response_time", "label": "Response time", "value": "24", "unit": "hours"} in data[
        "terms"
    ]["parameters"]
    assert data["figures"]["enough_data"] is False
    enrollment_suspend(enrollment=enrollment, lead=lead, reason="Complaints")
    assert state() == (False, False, False, False)
    enrollment.refresh_from_db()
    from guarantees.services import enrollment_reinstate

    enrollment_reinstate(enrollment=enrollment, lead=lead)
    assert state() == (True, True, True, True)
    enrollment_withdraw(partner=partner, user=member)
    assert state() == (False, False, False, False)


def test_public_guarantee_api_404_for_unknown_partner(api_for):
    assert api_for().get("/api/v1/partners/nobody/guarantee/").status_code == 404


def test_console_terms_api_saves_a_draft_refuses_a_floor_and_publishes(member, api_for):
    api = api_for(member)
    params = [{"key": k, "value": v} for k, v in GOOD_VALUES.items()]
    bad = [{**p, "value": "200"} if p["key"] == "response_time" else p for p in params]
    response = api.post(
        "/api/v1/console/guarantee-terms/", {"parameters": bad, "publish": True}, format="json"
    )
    assert response.status_code == 400
    assert "Response time" in response.json()["detail"]
    assert "response_time" in response.json()["errors"]["parameters"]
    assert not GuaranteeTerms.objects.filter(status="published").exists()
    extra = {"key": "", "label": "Images per listing", "value": "5", "unit": "images"}
    response = api.post("/api/v1/console/guarantee-terms/", {"parameters": [*params, extra]}, format="json")
    assert response.status_code == 200
    assert response.json()["draft"]["status"] == "draft"
    response = api.post("/api/v1/console/guarantee-terms/publish/", {}, format="json")
    assert response.status_code == 201 and response.json()["version"] == 1
    state = api.get("/api/v1/console/guarantee-terms/").json()
    assert state["current_version"] == 1 and state["draft"] is None
    assert [v["version"] for v in state["versions"]] == [1]
    assert api.post("/api/v1/console/guarantee-terms/publish/", {}, format="json").status_code == 409
    assert (
        api.post("/api/v1/console/guarantee-terms/publish/", {"draft_id": "x"}, format="json").status_code
        == 400
    )


def test_console_terms_api_bad_input_is_a_400_not_a_500(member, api_for):
    api = api_for(member)
    for body in ({}, {"parameters": "nope"}, {"parameters": [{"value": None}]}, {"parameters": [{}]}):
        response = api.post("/api/v1/console/guarantee-terms/", body, format="json")
        assert response.status_code == 400, body
        assert "detail" in response.json()


def test_console_apis_are_scoped_to_the_member(member, api_for, seller):
    assert api_for().get("/api/v1/console/guarantee-terms/").status_code in (401, 403)
    assert api_for(seller).get("/api/v1/console/guarantee-terms/").status_code == 404
    assert (
        api_for(seller).post("/api/v1/console/enrollment/", {"action": "apply"}, format="json").status_code
        == 404
    )


def test_console_enrollment_api_lists_missing_items_then_applies(member, api_for):
    api = api_for(member)
    state = api.get("/api/v1/console/enrollment/").json()
    assert state["status"] == "not_enrolled" and state["badge"] is False
    assert {i["code"]: i["ok"] for i in state["checklist"]} == {
        "profile_complete": True,
        "active_offering": True,
        "terms_published": False,
    }
    response = api.post("/api/v1/console/enrollment/", {"action": "apply"}, format="json")
    assert response.status_code == 400
    assert [m["code"] for m in response.json()["missing"]] == ["terms_published"]
    _publish(member)
    response = api.post("/api/v1/console/enrollment/", {"action": "apply"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "applied"
    assert api.post("/api/v1/console/enrollment/", {"action": "apply"}, format="json").status_code == 409
    assert api.post("/api/v1/console/enrollment/", {"action": "dance"}, format="json").status_code == 400
    response = api.post("/api/v1/console/enrollment/", {"action": "withdraw"}, format="json")
    assert response.json()["status"] == "withdrawn"


def test_directory_api_badge_and_guaranteed_filter_follow_the_enrolment(member, lead, api_for):
    partner = member.partner
    _publish(member)
    enrollment = enrollment_approve(enrollment=enrollment_apply(partner=partner, user=member), lead=lead)

    def listed():
        detail = api_for().get(f"/api/v1/partners/{partner.slug}/").json()
        results = api_for().get("/api/v1/partners/?guaranteed=1").json()["results"]
        return detail["badge"], partner.slug in [p["slug"] for p in results]

    assert listed() == (True, True)
    enrollment_suspend(enrollment=enrollment, lead=lead, reason="Complaints")
    assert listed() == (False, False)


def test_profile_block_shows_figures_only_with_enough_data(client):
    from datetime import timedelta

    from django.utils import timezone

    from guarantees.services import compliance_recompute
    from tests import factories as f

    partner = f.guaranteed_partner()
    for _ in range(9):
        f.completed_order(partner=partner, completed_at=timezone.now() - timedelta(days=3))
    compliance_recompute()
    html = client.get(f"/partners/{partner.slug}/").content.decode()
    assert "Not enough data yet" in html and "Claims filed" not in html
    f.completed_order(partner=partner, completed_at=timezone.now() - timedelta(days=3))
    compliance_recompute()
    html = client.get(f"/partners/{partner.slug}/").content.decode()
    assert "Not enough data yet" not in html
    assert "Claims filed" in html and "on 10 completed orders" in html


def test_public_guarantee_read_is_a_fixed_number_of_queries(django_assert_max_num_queries):
    from guarantees.selectors import partner_guarantee_public
    from tests import factories as f

    partner = f.guaranteed_partner()
    with django_assert_max_num_queries(3):
        data = partner_guarantee_public(partner=partner)
        assert len(list(data["terms"].parameters.all())) == 2


def test_console_terms_save_documents_both_answers_it_gives():
    """A draft saved is a 200, a draft saved and published a 201: the schema names both, with
    the body the endpoint returns (the console's whole state, as GET)."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    post = schema["paths"]["/api/v1/console/guarantee-terms/"]["post"]["responses"]
    get = schema["paths"]["/api/v1/console/guarantee-terms/"]["get"]["responses"]
    for code in ("200", "201"):
        assert (
            post[code]["content"]["application/json"]["schema"]
            == get["200"]["content"]["application/json"]["schema"]
        )
