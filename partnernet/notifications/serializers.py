from rest_framework import serializers


class NotificationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    title = serializers.CharField()
    url = serializers.CharField()
    created_at = serializers.DateTimeField()
    read = serializers.BooleanField(source="is_read")


class UnreadCountSerializer(serializers.Serializer):
    unread = serializers.IntegerField()


class PreferencesSerializer(serializers.Serializer):
    email_new_message = serializers.BooleanField(required=False)
    email_review_reply = serializers.BooleanField(required=False)
    email_promotion_ending = serializers.BooleanField(required=False)
