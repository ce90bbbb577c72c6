"""/api/v1/ routes of the Resolution Centre (mounted from partnernet/api_urls.py)."""

from django.urls import path

from resolution import apis

urlpatterns = [
    path("orders/<str:reference>/messages/", apis.OrderMessagesApi.as_view(), name="api-order-messages"),
    path("orders/<str:reference>/issue/", apis.OrderIssueApi.as_view(), name="api-order-issue"),
    path(
        "orders/<str:reference>/issue/respond/",
        apis.IssueRespondApi.as_view(),
        name="api-order-issue-respond",
    ),
    path(
        "orders/<str:reference>/issue/accept-counter/",
        apis.IssueAcceptCounterApi.as_view(),
        name="api-order-issue-accept-counter",
    ),
    path(
        "orders/<str:reference>/issue/withdraw/",
        apis.IssueWithdrawApi.as_view(),
        name="api-order-issue-withdraw",
    ),
    path(
        "orders/<str:reference>/issue/escalate/",
        apis.IssueEscalateApi.as_view(),
        name="api-order-issue-escalate",
    ),
]
