"""Claims pages: seller and partner (urls_claims), feedback link (urls_feedback), reviewers (urls_review)."""

from claims.urls_claims import urlpatterns as claim_urls
from claims.urls_feedback import urlpatterns as feedback_urls
from claims.urls_review import urlpatterns as review_urls

app_name = "claims"

urlpatterns = claim_urls + feedback_urls + review_urls
