from django.urls import path

from partners.views import orders as views

urlpatterns = [
    path("orders/", views.order_list, name="order_list"),
    path("orders/<str:reference>/", views.order_detail, name="order_detail"),
    path("orders/<str:reference>/accept/", views.order_accept, name="order_accept"),
    path("orders/<str:reference>/decline/", views.order_decline, name="order_decline"),
    path("orders/<str:reference>/cancel/", views.order_cancel, name="order_cancel"),
    path("orders/<str:reference>/complete/", views.order_complete, name="order_complete"),
    path("orders/<str:reference>/documents/", views.order_document_upload, name="order_document_upload"),
    path(
        "orders/<str:reference>/documents/<int:document_id>/",
        views.order_document_download,
        name="order_document_download",
    ),
    path("orders/<str:reference>/review/", views.order_review, name="order_review"),
    path("partners/<slug:slug>/request/", views.order_request, name="order_request"),
]
