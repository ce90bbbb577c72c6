from django.urls import path

from partnernet.views import placeholder

app_name = "partners"

urlpatterns = [
    path("partners/", placeholder, name="directory"),
    path("partners/<slug:slug>/", placeholder, name="profile"),
    path("orders/", placeholder, name="order_list"),
    path("orders/<str:reference>/", placeholder, name="order_detail"),
    path("console/", placeholder, name="console"),
]
