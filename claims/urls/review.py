from django.urls import path

from claims.views import review as views

urlpatterns = [
    path("review/", views.review_queue, name="review_queue"),
    path("review/take-next/", views.review_take_next, name="review_take_next"),
    path("review/metrics/", views.review_metrics, name="review_metrics"),
    path("review/claims/<str:reference>/", views.review_detail, name="review_detail"),
    path("review/claims/<str:reference>/assign/", views.review_assign, name="review_assign"),
    path("review/claims/<str:reference>/notes/", views.review_note, name="review_note"),
    path(
        "review/claims/<str:reference>/request-info/", views.review_request_info, name="review_request_info"
    ),
    path("review/claims/<str:reference>/findings/", views.review_finding, name="review_finding"),
    path("review/claims/<str:reference>/decide/", views.review_decide, name="review_decide"),
    path(
        "review/claims/<str:reference>/decide/confirm/",
        views.review_decide_confirm,
        name="review_decide_confirm",
    ),
    path(
        "review/claims/<str:reference>/documents/<int:document_id>/preview/",
        views.review_document_preview,
        name="review_document_preview",
    ),
]
