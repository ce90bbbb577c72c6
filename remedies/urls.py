from django.contrib.auth.decorators import login_required
from django.urls import path

from remedies import views, views_enrollment

app_name = "remedies"

urlpatterns = [
    path("claims/<str:reference>/remedy/fulfil/", views.remedy_fulfil, name="claim_fulfil"),
    path("claims/<str:reference>/remedy/confirm/", views.remedy_confirm, name="claim_confirm"),
    path("claims/<str:reference>/remedy/dispute/", views.remedy_dispute, name="claim_dispute"),
    path(
        "orders/<str:reference>/issue/remedy/fulfil/",
        views.remedy_fulfil,
        {"source": "issue"},
        name="issue_fulfil",
    ),
    path(
        "orders/<str:reference>/issue/remedy/confirm/",
        views.remedy_confirm,
        {"source": "issue"},
        name="issue_confirm",
    ),
    path(
        "orders/<str:reference>/issue/remedy/dispute/",
        views.remedy_dispute,
        {"source": "issue"},
        name="issue_dispute",
    ),
    path("review/remedies/", login_required(views.remedy_queue), name="queue"),
    path("review/remedies/<int:remedy_id>/settle/", login_required(views.remedy_settle), name="settle"),
    path("review/enrolments/", login_required(views_enrollment.enrollment_queue), name="enrollments"),
    path(
        "review/enrolments/<slug:slug>/",
        login_required(views_enrollment.enrollment_detail),
        name="enrollment_detail",
    ),
    path(
        "review/enrolments/<slug:slug>/decide/",
        login_required(views_enrollment.enrollment_decide),
        name="enrollment_decide",
    ),
]
