"""A published terms version never changes, whatever path tries."""

import pytest
from django.conf import settings
from django.db import DatabaseError, connection, transaction

from guarantees.models import GuaranteeParameter, GuaranteeTerms, TermsImmutable
from guarantees.services import terms_publish, terms_save_draft
from tests import factories as f
from tests.guarantees.conftest import GOOD_VALUES

pytestmark = pytest.mark.django_db

on_postgres = pytest.mark.skipif(
    not settings.IS_POSTGRES, reason="database triggers exist on PostgreSQL only"
)


@pytest.fixture
def published(member):
    terms_save_draft(partner=member.partner, user=member, summary="Our promise", values=GOOD_VALUES)
    return terms_publish(partner=member.partner, user=member)


def _snapshot(terms):
    row = (
        GuaranteeTerms.objects.filter(pk=terms.pk)
        .values("summary", "version", "status", "published_at")
        .get()
    )
    params = list(GuaranteeParameter.objects.filter(terms=terms).order_by("key").values_list("key", "value"))
    return row, params


def test_orm_save_of_a_published_version_is_refused(published):
    before = _snapshot(published)
    published.summary = "Quietly weaker promise"
    with pytest.raises(TermsImmutable, match="cannot be changed"):
        published.save()
    assert _snapshot(published) == before


def test_orm_delete_of_a_published_version_is_refused(published):
    with pytest.raises(TermsImmutable, match="cannot be deleted"):
        published.delete()
    assert GuaranteeTerms.objects.filter(pk=published.pk).exists()


def test_queryset_update_and_delete_are_refused(published):
    before = _snapshot(published)
    with pytest.raises(TermsImmutable):
        GuaranteeTerms.objects.filter(pk=published.pk).update(summary="changed")
    with pytest.raises(TermsImmutable):
        GuaranteeTerms.objects.filter(partner=published.partner).delete()
    assert _snapshot(published) == before


def test_bulk_update_is_refused(published):
    before = _snapshot(published)
    published.summary = "changed"
    with pytest.raises(TermsImmutable):
        GuaranteeTerms.objects.bulk_update([published], ["summary"])
    params = list(published.parameters.all())
    params[0].value = "999"
    with pytest.raises(TermsImmutable):
        GuaranteeParameter.objects.bulk_update(params, ["value"])
    assert _snapshot(published) == before


def test_parameters_of_a_published_version_cannot_change_be_deleted_or_added(published):
    before = _snapshot(published)
    param = published.parameters.get(key="response_time")
    param.value = "200"
    with pytest.raises(TermsImmutable):
        param.save()
    with pytest.raises(TermsImmutable):
        param.delete()
    with pytest.raises(TermsImmutable):
        GuaranteeParameter.objects.filter(terms=published).update(value="1")
    with pytest.raises(TermsImmutable):
        GuaranteeParameter.objects.filter(terms=published).delete()
    with pytest.raises(TermsImmutable):
        GuaranteeParameter.objects.create(terms=published, key="new", label="New", value="1")
    with pytest.raises(TermsImmutable):
        GuaranteeParameter.objects.bulk_create(
            [GuaranteeParameter(terms=published, key="new", label="N", value="1")]
        )
    assert _snapshot(published) == before


def test_only_is_current_moves_when_a_newer_version_is_published(published, member):
    before = _snapshot(published)
    terms_save_draft(
        partner=member.partner, user=member, summary="v2", values={**GOOD_VALUES, "response_time": "12"}
    )
    v2 = terms_publish(partner=member.partner, user=member)
    published.refresh_from_db()
    assert (published.is_current, v2.is_current, v2.version) == (False, True, 2)
    assert _snapshot(published) == before


def test_admin_shows_a_published_version_read_only_and_refuses_a_post(published, lead, client_for):
    client = client_for(lead)
    url = f"/admin/guarantees/guaranteeterms/{published.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "is published and cannot be changed" in body
    assert 'name="summary"' not in body  # no editable field
    before = _snapshot(published)
    response = client.post(url, {"summary": "changed"})
    assert response.status_code == 403
    assert client.post(f"/admin/guarantees/guaranteeterms/{published.pk}/delete/").status_code == 403
    assert _snapshot(published) == before


def test_api_refuses_to_change_or_delete_a_published_version_and_says_so(published, member, api_for):
    api = api_for(member)
    before = _snapshot(published)
    for method in ("put", "patch", "delete"):
        response = getattr(api, method)("/api/v1/console/guarantee-terms/1/", {"summary": "x"}, format="json")
        assert response.status_code == 405
        assert "cannot be changed" in response.json()["detail"]
    assert _snapshot(published) == before


def test_api_refusal_does_not_reveal_another_partners_version(published, other_member, api_for):
    assert (
        api_for(other_member).put("/api/v1/console/guarantee-terms/1/", {}, format="json").status_code == 404
    )


@on_postgres
def test_postgres_trigger_refuses_raw_sql_update_and_delete(published):
    before = _snapshot(published)
    param = published.parameters.first()
    statements = [
        ("UPDATE guarantees_guaranteeterms SET summary = 'raw' WHERE id = %s", published.pk),
        ("UPDATE guarantees_guaranteeterms SET version = 99 WHERE id = %s", published.pk),
        ("DELETE FROM guarantees_guaranteeterms WHERE id = %s", published.pk),
        ("UPDATE guarantees_guaranteeparameter SET value = '999' WHERE id = %s", param.pk),
        ("DELETE FROM guarantees_guaranteeparameter WHERE id = %s", param.pk),
    ]
    for sql, pk in statements:
        with (
            pytest.raises(DatabaseError, match="[Pp]ublished guarantee terms"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [pk])
    assert _snapshot(published) == before


@on_postgres
def test_postgres_trigger_allows_is_current_and_draft_edits(published, member):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE guarantees_guaranteeterms SET is_current = false WHERE id = %s", [published.pk]
        )
    published.refresh_from_db()
    assert published.is_current is False
    draft = terms_save_draft(partner=member.partner, user=member, summary="d", values=GOOD_VALUES)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE guarantees_guaranteeterms SET summary = 'draft edit' WHERE id = %s", [draft.pk]
        )
        cursor.execute("DELETE FROM guarantees_guaranteeparameter WHERE terms_id = %s", [draft.pk])
    assert GuaranteeParameter.objects.filter(terms=draft).count() == 0


def test_factory_can_still_create_a_published_version_with_its_parameters(db):
    partner = f.PartnerFactory()
    terms = f.published_terms(partner)
    assert terms.parameters.count() == 2
