from django.contrib import admin
from django.urls import include, path
from django.utils.module_loading import import_string
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from partnernet import health, views

# The apps' URL modules and the home view (partners.views.home) are named by dotted path,
# resolved when this URLconf loads, so that the platform package imports no app above it.
HOME_VIEW = "partners.views.home.home"

admin.site.site_header = "PartnerNet support"
admin.site.site_title = "PartnerNet admin"
admin.site.index_title = "Programme administration"

urlpatterns = [
    path("", import_string(HOME_VIEW), name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("partnernet.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="api-redoc"),
    path("", include("partners.urls")),
    path("", include("guarantees.urls")),
    path("", include("claims.urls")),
    path("", include("remedies.urls")),
    path("", include("partnernet.notifications.urls")),
]
