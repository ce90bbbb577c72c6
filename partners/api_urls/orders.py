from django.urls import path

from partners.apis import orders as apis

urlpatterns = [
    path("orders/", apis.OrderListCreateApi.as_view(), name="api-orders"),
    path("orders/<str:reference>/", apis.OrderDetailApi.as_view(), name="api-order-detail"),
    path("orders/<str:reference>/accept/", apis.OrderAcceptApi.as_view(), name="api-order-accept"),
    path("orders/<str:reference>/decline/", apis.OrderDeclineApi.as_view(), name="api-order-decline"),
    path("orders/<str:reference>/complete/", apis.OrderCompleteApi.as_view(), name="api-order-complete"),
    path("orders/<str:reference>/cancel/", apis.OrderCancelApi.as_view(), name="api-order-cancel"),
    path("orders/<str:reference>/review/", apis.OrderReviewApi.as_view(), name="api-order-review"),
]
