from django.urls import path

from partnernet.views import placeholder

app_name = "guarantees"

urlpatterns = [
    path("console/guarantee/", placeholder, name="terms"),
    path("console/enrollment/", placeholder, name="enrollment"),
]
