from django.urls import path

from guarantees import apis

urlpatterns = [
    path("partners/<slug:slug>/guarantee/", apis.PartnerGuaranteeApi.as_view(), name="api-partner-guarantee"),
    path("console/guarantee-terms/", apis.ConsoleTermsApi.as_view(), name="api-console-terms"),
    path(
        "console/guarantee-terms/publish/",
        apis.ConsoleTermsPublishApi.as_view(),
        name="api-console-terms-publish",
    ),
    path(
        "console/guarantee-terms/<int:version>/",
        apis.ConsoleTermsVersionApi.as_view(),
        name="api-console-terms-version",
    ),
    path("console/enrollment/", apis.ConsoleEnrollmentApi.as_view(), name="api-console-enrollment"),
]
