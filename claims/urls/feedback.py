from django.urls import path

from claims.views import feedback as views

urlpatterns = [
    path("feedback/", views.feedback_landing, name="feedback_landing"),
    path("feedback/<str:token>/", views.feedback_token, name="feedback"),
]
