from django.urls import path

from partnernet.views import placeholder

urlpatterns = [
    path("feedback/<str:token>/", placeholder, name="feedback"),
]
