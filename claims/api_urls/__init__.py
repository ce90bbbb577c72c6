"""Claims API under /api/v1/: filing and following claims (claims.py), the reviewer workspace (review.py)."""

from claims.api_urls.claims import urlpatterns as claim_urls
from claims.api_urls.review import urlpatterns as review_urls

urlpatterns = claim_urls + review_urls
