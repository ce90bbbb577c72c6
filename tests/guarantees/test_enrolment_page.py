"""The enrolment page explains itself: the programme's minimums, what the badge gives, and an
"Apply" button that is disabled (with the missing items linked) while the checklist has a ✘."""

import re

from guarantees.models import Enrollment, ProgrammeRequirement
from guarantees.services import terms_publish, terms_save_draft
from tests.guarantees.conftest import GOOD_VALUES

URL = "/console/enrollment/"


def _apply_button(html: str) -> str:
    return re.search(r'<button type="submit" class="btn btn-primary"[^>]*>', html).group(0)


def test_page_lists_the_programme_minimums_and_what_the_badge_gives(member, client_for):
    html = client_for(member).get(URL).content.decode()
    assert "What the badge gives you" in html
    assert "The Service Guarantee badge on your profile" in html
    assert "The programme&#x27;s minimums" in html or "The programme's minimums" in html
    for requirement in ProgrammeRequirement.objects.filter(is_active=True):
        assert f'data-key="{requirement.key}"' in html
        assert requirement.label in html
    response_time = ProgrammeRequirement.objects.get(key="response_time")
    assert response_time.floor is not None and response_time.floor_direction == "max"
    assert f"at most {response_time.floor.normalize():f} {response_time.unit}" in html


def test_apply_is_disabled_with_the_missing_items_linked(member, client_for):
    client = client_for(member)
    html = client.get(URL).content.decode()
    assert "disabled" in _apply_button(html)
    missing = re.search(r'(?s)<div id="apply-missing".*?</div>', html).group(0)
    assert 'href="/console/guarantee/edit/" data-code="terms_published"' in missing
    assert 'data-code="profile_complete"' not in missing  # done items are not listed
    # The server still refuses a forged POST.
    response = client.post("/console/enrollment/apply/", follow=True)
    assert "not complete yet" in response.content.decode()
    assert not Enrollment.objects.exists()


def test_apply_is_enabled_once_the_checklist_is_complete(member, client_for):
    terms_save_draft(partner=member.partner, user=member, summary="", values=GOOD_VALUES)
    terms_publish(partner=member.partner, user=member)
    html = client_for(member).get(URL).content.decode()
    assert "disabled" not in _apply_button(html)
    assert 'id="apply-missing"' not in html


def test_every_missing_item_links_to_where_it_is_fixed(db, requirements, client_for):
    from tests import factories as f

    bare = f.PartnerMemberFactory(partner=f.PartnerFactory(tagline="", description="")).user
    html = client_for(bare).get(URL).content.decode()
    missing = re.search(r'(?s)<div id="apply-missing".*?</div>', html).group(0)
    assert 'href="/console/" data-code="profile_complete"' in missing
    assert 'href="/console/offerings/" data-code="active_offering"' in missing
    assert 'href="/console/guarantee/edit/" data-code="terms_published"' in missing
    assert "these 3 items" in missing
