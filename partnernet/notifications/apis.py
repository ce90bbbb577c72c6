"""The notifications API (DESIGN §9): the caller's own notices only; another's is a 404."""

from drf_spectacular.utils import extend_schema
from rest_framework.generics import ListAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from partnernet.api import Pagination
from partnernet.notifications import selectors, services
from partnernet.notifications.serializers import (
    NotificationSerializer,
    PreferencesSerializer,
    UnreadCountSerializer,
)


class NotificationListApi(ListAPIView):
    """The caller's notifications, newest first (paginated)."""

    permission_classes = [IsAuthenticated]
    serializer_class = NotificationSerializer
    pagination_class = Pagination
    filter_backends = []

    def get_queryset(self):
        return selectors.notification_list(user=self.request.user)


class NotificationUnreadCountApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=UnreadCountSerializer)
    def get(self, request):
        return Response({"unread": selectors.notification_unread_count(user=request.user)})


class NotificationReadApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=NotificationSerializer)
    def post(self, request, notification_id):
        notification = services.notification_mark_read(user=request.user, notification_id=notification_id)
        return Response(NotificationSerializer(notification).data)


class NotificationReadAllApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=UnreadCountSerializer)
    def post(self, request):
        services.notification_mark_all_read(user=request.user)
        return Response({"unread": 0})


class NotificationPreferencesApi(APIView):
    permission_classes = [IsAuthenticated]

    def _data(self, preference):
        return {name: getattr(preference, name) for name in PreferencesSerializer().fields}

    @extend_schema(responses=PreferencesSerializer)
    def get(self, request):
        return Response(self._data(selectors.preferences_get(user=request.user)))

    @extend_schema(request=PreferencesSerializer, responses=PreferencesSerializer)
    def patch(self, request):
        data = PreferencesSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        return Response(self._data(services.preferences_update(user=request.user, **data.validated_data)))
