from claims.api_urls_claims import urlpatterns as claim_urls
from claims.api_urls_review import urlpatterns as review_urls

urlpatterns = claim_urls + review_urls
