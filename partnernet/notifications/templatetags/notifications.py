from django import template

from partnernet.notifications.selectors import notification_unread_count

register = template.Library()


@register.simple_tag
def unread_notifications(user) -> int:
    """The navigation's unread count: one indexed COUNT, only for a signed-in user."""
    return notification_unread_count(user=user)
