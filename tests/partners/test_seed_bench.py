"""seed_bench: proportional, valid data with unique references, and a second run is a no-op."""

import pytest
from django.core.management import call_command

from claims.models import Claim
from partners.models import Review, ServiceOffering, ServiceOrder, ServicePartner
from partners.selectors import DirectoryParams, partner_directory
from partners.services.directory import partner_stats_refresh


@pytest.mark.django_db
def test_seed_bench_loads_proportional_valid_data():
    call_command("seed_bench", partners=30)
    partners = ServicePartner.objects.filter(slug__startswith="bench-")
    assert partners.count() == 30
    assert 90 <= ServiceOffering.objects.count() <= 150
    assert ServiceOrder.objects.count() == 600
    assert Review.objects.count() == 300
    assert 0 < Claim.objects.count() <= 60
    refs = list(ServiceOrder.objects.values_list("reference", flat=True))
    assert len(set(refs)) == len(refs)
    assert not ServiceOrder.objects.filter(status="completed", completed_at__isnull=True).exists()
    assert not ServiceOrder.objects.filter(covered=True, guarantee_terms__isnull=True).exists()
    # The denormalised columns match what the service would compute.
    sample = partners.order_by("pk")[5]
    before = (sample.rating_avg, sample.review_count, sample.price_from)
    partner_stats_refresh(partner=sample)
    assert before == (sample.rating_avg, sample.review_count, sample.price_from)
    assert partner_directory(params=DirectoryParams()).count == 30
    # A new order still gets the next free reference.
    from partnernet.references import reference_next

    assert reference_next(prefix="SO") not in refs

    call_command("seed_bench", partners=30)
    assert ServicePartner.objects.count() == 30
