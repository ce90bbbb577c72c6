from django.urls import path

from partnernet.views import placeholder

urlpatterns = [
    path("review/", placeholder, name="review_queue"),
    path("review/claims/<str:reference>/", placeholder, name="review_detail"),
    path("review/metrics/", placeholder, name="review_metrics"),
]
