from django.urls import path

from guarantees import views

app_name = "guarantees"

urlpatterns = [
    path("console/guarantee/", views.terms_overview, name="terms"),
    path("console/guarantee/edit/", views.terms_edit, name="terms_edit"),
    path("console/guarantee/publish/", views.terms_publish_view, name="terms_publish"),
    path("console/guarantee/discard/", views.terms_discard_view, name="terms_discard"),
    path("console/guarantee/versions/<int:version>/", views.terms_version, name="terms_version"),
    path("console/guarantee/compare/", views.terms_compare, name="terms_compare"),
    path("console/enrollment/", views.enrollment_view, name="enrollment"),
    path("console/enrollment/apply/", views.enrollment_apply_view, name="enrollment_apply"),
    path("console/enrollment/withdraw/", views.enrollment_withdraw_view, name="enrollment_withdraw"),
]
