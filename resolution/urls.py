"""Pages of the Resolution Centre (mounted from partnernet/urls.py)."""

from django.urls import path

from resolution import views

app_name = "resolution"

urlpatterns = [
    path("orders/<str:reference>/messages/", views.conversation, name="conversation"),
    path("orders/<str:reference>/messages/<str:token>/", views.attachment, name="attachment"),
    path("orders/<str:reference>/issue/new/", views.issue_new, name="issue_new"),
    path("orders/<str:reference>/issue/respond/", views.issue_respond_view, name="issue_respond"),
    path(
        "orders/<str:reference>/issue/accept-counter/",
        views.issue_accept_counter_view,
        name="issue_accept_counter",
    ),
    path("orders/<str:reference>/issue/withdraw/", views.issue_withdraw_view, name="issue_withdraw"),
    path("orders/<str:reference>/issue/escalate/", views.issue_escalate_view, name="issue_escalate"),
]
