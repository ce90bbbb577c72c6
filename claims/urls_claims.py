from django.urls import path

from partnernet.views import placeholder

urlpatterns = [
    path("claims/", placeholder, name="list"),
    path("claims/new/", placeholder, name="new"),
    path("claims/<str:reference>/", placeholder, name="detail"),
    path("console/claims/", placeholder, name="console_list"),
    path("console/claims/<str:reference>/", placeholder, name="console_detail"),
]
