"""Admin for the cross-cutting records: outbox, support calendar, reference counters."""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from partnernet.models import Holiday, OutboxMessage, ReferenceCounter

# The admin's own password form would skip allauth: its rate limits, the lockout
# page and, above all, the TOTP step. Everyone signs in through allauth instead.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Read-mostly: support can see what was sent and ask for a failed e-mail again."""

    list_display = ["created_at", "purpose", "recipient", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status", "purpose"]
    search_fields = ["recipient", "subject", "object_key"]
    date_hierarchy = "created_at"
    actions = ["resend"]
    readonly_fields = [field.name for field in OutboxMessage._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # Viewing only; the one change allowed is the "resend" action below.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send the selected e-mails again"), permissions=["resend"])
    def resend(self, request, queryset):
        from partnernet.mail import outbox_dispatch_many

        ids = list(queryset.order_by("pk").values_list("pk", flat=True))
        # Back to pending first: if the broker is down now, the periodic relay sends them later.
        queryset.update(status=OutboxMessage.Status.PENDING, sent_at=None, claimed_at=None, last_error="")
        handed = outbox_dispatch_many(message_ids=ids)
        self.message_user(
            request,
            ngettext(
                "%(n)d e-mail queued to be sent again (%(h)d handed to the worker now).",
                "%(n)d e-mails queued to be sent again (%(h)d handed to the worker now).",
                len(ids),
            )
            % {"n": len(ids), "h": handed},
            messages.SUCCESS,
        )

    def has_resend_permission(self, request):
        return request.user.is_active and request.user.is_staff and getattr(request.user, "is_lead", False)


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "name"]
    search_fields = ["name"]
    date_hierarchy = "date"


@admin.register(ReferenceCounter)
class ReferenceCounterAdmin(admin.ModelAdmin):
    list_display = ["prefix", "year", "value"]
    list_filter = ["prefix", "year"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
