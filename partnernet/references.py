"""Public references: SO-YYYY-NNNNNN for orders, CL-YYYY-NNNNNN for claims.

Numbers are sequential per prefix and year with no gaps from rolled-back work:
the counter row is locked and bumped in the caller's transaction.
"""

from django.db import transaction
from django.utils import timezone

from partnernet.models import ReferenceCounter

ORDER_PREFIX = "SO"
CLAIM_PREFIX = "CL"


def reference_next(*, prefix: str, moment=None) -> str:
    year = timezone.localtime(moment or timezone.now()).year
    with transaction.atomic():
        counter, _ = ReferenceCounter.objects.get_or_create(prefix=prefix, year=year)
        counter = ReferenceCounter.objects.select_for_update().get(pk=counter.pk)
        counter.value += 1
        counter.save(update_fields=["value"])
    return f"{prefix}-{year}-{counter.value:06d}"
