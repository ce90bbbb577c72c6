"""Issues in the admin: leads look them up; nobody edits them here (they change through the services)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from resolution.models import Issue, IssueEvent


def _is_lead(request: Any) -> bool:
    user = request.user
    return bool(user.is_active and user.is_staff and getattr(user, "is_lead", False))


class IssueEventInline(admin.TabularInline):
    model = IssueEvent
    fields = ("created_at", "kind", "status", "actor", "message")
    readonly_fields = ("created_at", "kind", "status", "actor", "message")
    ordering = ["created_at", "pk"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: Any, obj: Any = None) -> bool:
        return _is_lead(request)


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    list_display = ["reference", "order", "status", "remedy", "amount", "respond_by", "claim", "created_at"]
    list_filter = ["status", "remedy", "reason"]
    search_fields = ["reference", "order__reference", "claim__reference"]
    list_select_related = ["order", "claim"]
    inlines = [IssueEventInline]

    def has_module_permission(self, request: Any) -> bool:
        return _is_lead(request)

    def has_view_permission(self, request: Any, obj: Any = None) -> bool:
        return _is_lead(request)

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
