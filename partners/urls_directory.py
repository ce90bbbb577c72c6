from django.urls import path

from partnernet.views import placeholder

urlpatterns = [
    path("partners/", placeholder, name="directory"),
    path("partners/<slug:slug>/", placeholder, name="profile"),
    path("console/", placeholder, name="console"),
    path("console/offerings/", placeholder, name="console_offerings"),
    path("console/promotions/", placeholder, name="console_promotions"),
    path("console/reviews/", placeholder, name="console_reviews"),
]
