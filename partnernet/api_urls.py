"""/api/v1/: each app contributes its routes from its own api_urls module."""

from django.urls import include, path

from partnernet.users import apis as user_apis

urlpatterns = [
    path("auth/token/", user_apis.TokenObtainApi.as_view(), name="api-token"),
    path("", include("partners.api_urls")),
    path("", include("guarantees.api_urls")),
    path("", include("claims.api_urls")),
    path("", include("remedies.api_urls")),
    path("", include("partnernet.notifications.api_urls")),
]
