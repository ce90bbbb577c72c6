from django.urls import path

from partnernet.views import placeholder

app_name = "claims"

urlpatterns = [
    path("claims/", placeholder, name="list"),
    path("claims/new/", placeholder, name="new"),
    path("claims/<str:reference>/", placeholder, name="detail"),
    path("feedback/<str:token>/", placeholder, name="feedback"),
    path("review/", placeholder, name="review_queue"),
    path("review/claims/<str:reference>/", placeholder, name="review_detail"),
]
