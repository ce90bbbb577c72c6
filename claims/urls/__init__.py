"""Claims pages: seller and partner (claims.py), the feedback link (feedback.py), reviewers (review.py)."""

from claims.urls.claims import urlpatterns as claim_urls
from claims.urls.feedback import urlpatterns as feedback_urls
from claims.urls.review import urlpatterns as review_urls

app_name = "claims"

urlpatterns = claim_urls + feedback_urls + review_urls
