from django.urls import path

from partnernet.notifications import apis

urlpatterns = [
    path("notifications/", apis.NotificationListApi.as_view(), name="api-notifications"),
    path(
        "notifications/unread-count/",
        apis.NotificationUnreadCountApi.as_view(),
        name="api-notifications-unread-count",
    ),
    path("notifications/read-all/", apis.NotificationReadAllApi.as_view(), name="api-notifications-read-all"),
    path(
        "notifications/preferences/",
        apis.NotificationPreferencesApi.as_view(),
        name="api-notifications-preferences",
    ),
    path(
        "notifications/<int:notification_id>/read/",
        apis.NotificationReadApi.as_view(),
        name="api-notification-read",
    ),
]
