"""The terms draft, validation against the programme, and publishing new versions."""

import threading
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection

from guarantees.models import GuaranteeTerms, ProgrammeRequirement
from guarantees.services import (
    TermsError,
    TermsValidationError,
    terms_discard_draft,
    terms_publish,
    terms_save_draft,
)
from tests import factories as f
from tests.guarantees.conftest import GOOD_VALUES


@pytest.mark.django_db
def test_publish_makes_version_one_current_with_who_and_when(member):
    terms_save_draft(partner=member.partner, user=member, summary="Promise", values=GOOD_VALUES)
    terms = terms_publish(partner=member.partner, user=member)
    assert (terms.version, terms.status, terms.is_current, terms.published_by) == (
        1,
        "published",
        True,
        member,
    )
    assert terms.published_at is not None
    assert not GuaranteeTerms.objects.filter(partner=member.partner, status="draft").exists()
    assert dict(terms.parameters.values_list("key", "value")) == GOOD_VALUES


@pytest.mark.django_db
def test_second_publish_is_version_two_and_version_one_is_kept_unchanged(member):
    terms_save_draft(partner=member.partner, user=member, summary="v1", values=GOOD_VALUES)
    v1 = terms_publish(partner=member.partner, user=member)
    terms_save_draft(
        partner=member.partner, user=member, summary="v2", values={**GOOD_VALUES, "response_time": "8"}
    )
    v2 = terms_publish(partner=member.partner, user=member)
    v1.refresh_from_db()
    assert (v1.version, v1.is_current, v1.summary) == (1, False, "v1")
    assert v1.parameters.get(key="response_time").value == "24"
    assert (v2.version, v2.is_current) == (2, True)
    assert v2.parameters.get(key="response_time").value == "8"
    assert GuaranteeTerms.objects.filter(partner=member.partner, is_current=True).count() == 1


@pytest.mark.django_db
def test_a_draft_below_a_floor_saves_but_cannot_be_published_and_the_message_names_the_parameter(member):
    draft = terms_save_draft(
        partner=member.partner, user=member, summary="", values={**GOOD_VALUES, "response_time": "96"}
    )
    assert draft.status == "draft"
    with pytest.raises(TermsValidationError) as exc:
        terms_publish(partner=member.partner, user=member)
    assert list(exc.value.errors) == ["response_time"]
    assert "Response time" in exc.value.errors["response_time"][0]
    assert "at most 72 hours" in exc.value.errors["response_time"][0]
    assert not GuaranteeTerms.objects.filter(partner=member.partner, status="published").exists()


@pytest.mark.django_db
def test_a_minimum_floor_is_enforced_too(member):
    terms_save_draft(
        partner=member.partner, user=member, summary="", values={**GOOD_VALUES, "revisions_included": "0"}
    )
    with pytest.raises(TermsValidationError) as exc:
        terms_publish(partner=member.partner, user=member)
    assert (
        "Revisions included: the programme requires at least 1" in exc.value.errors["revisions_included"][0]
    )


@pytest.mark.django_db
def test_exactly_at_the_floor_is_allowed(member):
    terms_save_draft(
        partner=member.partner, user=member, summary="", values={**GOOD_VALUES, "response_time": "72"}
    )
    assert terms_publish(partner=member.partner, user=member).version == 1


@pytest.mark.django_db
def test_missing_required_parameter_blocks_publish_naming_it(member):
    values = {k: v for k, v in GOOD_VALUES.items() if k != "communication_channel"}
    terms_save_draft(partner=member.partner, user=member, summary="", values=values)
    with pytest.raises(TermsValidationError) as exc:
        terms_publish(partner=member.partner, user=member)
    assert exc.value.errors == {"communication_channel": ["Communication channel: a value is required."]}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("response_time", "soon", "Response time: enter a number."),
        ("response_time", "2.5", "Response time: enter a whole number."),
        ("response_time", "-1", "Response time: cannot be negative."),
        ("remedy_offered", "Free pizza", "Remedy offered: choose one of"),
    ],
)
def test_wrong_types_refuse_the_draft_save_with_the_parameter_named(member, key, value, message):
    with pytest.raises(TermsValidationError) as exc:
        terms_save_draft(partner=member.partner, user=member, summary="", values={**GOOD_VALUES, key: value})
    assert exc.value.errors[key][0].startswith(message)
    assert not GuaranteeTerms.objects.filter(partner=member.partner).exists()


@pytest.mark.django_db
def test_partner_extra_parameters_are_kept_and_duplicates_refused(member):
    extras = [{"label": "Images per listing", "value": "5", "unit": "images"}]
    draft = terms_save_draft(
        partner=member.partner, user=member, summary="", values=GOOD_VALUES, extras=extras
    )
    assert draft.parameters.get(key="images-per-listing").unit == "images"
    with pytest.raises(TermsValidationError) as exc:
        terms_save_draft(
            partner=member.partner,
            user=member,
            summary="",
            values=GOOD_VALUES,
            extras=[*extras, {"label": "Images per listing", "value": "6"}],
        )
    assert "already have a parameter" in exc.value.errors["extra-1"][0]


@pytest.mark.django_db
def test_changing_a_requirement_never_changes_published_terms(member):
    terms_save_draft(partner=member.partner, user=member, summary="", values=GOOD_VALUES)
    v1 = terms_publish(partner=member.partner, user=member)
    ProgrammeRequirement.objects.filter(key="response_time").update(
        label="Reply time", unit="hrs", floor=Decimal("12")
    )
    param = v1.parameters.get(key="response_time")
    assert (param.label, param.unit, param.value) == ("Response time", "hours", "24")


@pytest.mark.django_db
def test_publishing_a_stale_draft_id_is_refused(member):
    draft = terms_save_draft(partner=member.partner, user=member, summary="", values=GOOD_VALUES)
    terms_discard_draft(partner=member.partner, user=member)
    terms_save_draft(partner=member.partner, user=member, summary="", values=GOOD_VALUES)
    with pytest.raises(TermsError):
        terms_publish(partner=member.partner, user=member, expected_draft_id=draft.pk)
    assert not GuaranteeTerms.objects.filter(status="published").exists()


@pytest.mark.django_db
def test_publish_without_a_draft_says_so(member):
    with pytest.raises(TermsError, match="no draft"):
        terms_publish(partner=member.partner, user=member)


@pytest.mark.skipif(not settings.IS_POSTGRES, reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_publishes_never_repeat_a_version_number():
    from guarantees.services import requirements_ensure_defaults

    requirements_ensure_defaults()
    partner = f.PartnerFactory()
    user = f.PartnerMemberFactory(partner=partner).user
    threads, rounds = 4, 5
    barrier = threading.Barrier(threads)
    errors: list[BaseException] = []
    published: list[int] = []
    lock = threading.Lock()

    def worker(n):
        try:
            barrier.wait()
            for i in range(rounds):
                values = {**GOOD_VALUES, "response_time": str(n * 10 + i)}
                while True:
                    try:
                        terms_save_draft(partner=partner, user=user, summary=f"{n}-{i}", values=values)
                        terms = terms_publish(partner=partner, user=user)
                    except TermsError:
                        continue  # another thread published our draft first: write a new one
                    break
                with lock:
                    published.append(terms.version)
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)
        finally:
            connection.close()

    pool = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join(120)
    assert not [t for t in pool if t.is_alive()], "a publishing thread did not finish"
    assert errors == []
    versions = sorted(
        GuaranteeTerms.objects.filter(partner=partner, status="published").values_list("version", flat=True)
    )
    assert versions == list(range(1, len(versions) + 1))
    assert len(versions) >= threads * rounds
    assert len(published) == len(set(published)) == threads * rounds
    assert GuaranteeTerms.objects.filter(partner=partner, is_current=True).count() == 1


@pytest.mark.skipif(not settings.IS_POSTGRES, reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_threads_publishing_the_same_draft_make_one_version():
    from guarantees.services import requirements_ensure_defaults

    requirements_ensure_defaults()
    partner = f.PartnerFactory()
    user = f.PartnerMemberFactory(partner=partner).user
    draft = terms_save_draft(partner=partner, user=user, summary="", values=GOOD_VALUES)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def worker():
        try:
            barrier.wait()
            terms_publish(partner=partner, user=user, expected_draft_id=draft.pk)
            outcomes.append("published")
        except TermsError:
            outcomes.append("refused")
        finally:
            connection.close()

    pool = [threading.Thread(target=worker) for _ in range(2)]
    for t in pool:
        t.start()
    for t in pool:
        t.join(60)
    assert not [t for t in pool if t.is_alive()], "a publishing thread did not finish"
    assert len(outcomes) == 2
    assert sorted(outcomes) == ["published", "refused"]
    assert list(GuaranteeTerms.objects.filter(partner=partner).values_list("version", flat=True)) == [1]
