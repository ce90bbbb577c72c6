from django.urls import path

from partnernet.views import placeholder

urlpatterns = [
    path("orders/", placeholder, name="order_list"),
    path("orders/<str:reference>/", placeholder, name="order_detail"),
    path("partners/<slug:slug>/request/", placeholder, name="order_request"),
]
