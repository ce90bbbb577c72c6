"""Admin of claims for support leads.

Claims change only through the services (each change writes its event), so the
claim pages here are for looking things up: read-only, with the events and
documents inline. What leads keep here are the programme's settings for
decisions: reason codes and decision templates. Reviewers are staff too, but
these admin pages answer to leads only (`user.is_lead`), whatever model
permissions a reviewer account may have been given by hand.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from claims.models import (
    Claim,
    ClaimDocument,
    ClaimEvent,
    DecisionTemplate,
    FeedbackRequest,
    InformationRequest,
    ParameterFinding,
    ReasonCode,
)


def _is_lead(request) -> bool:
    user = request.user
    return bool(user.is_active and user.is_staff and getattr(user, "is_lead", False))


class LeadOnlyAdmin(admin.ModelAdmin):
    """Visible and editable by leads only; reviewers get the admin's 403 or do not see it."""

    def has_module_permission(self, request):
        return _is_lead(request)

    def has_view_permission(self, request, obj=None):
        return _is_lead(request)

    def has_add_permission(self, request):
        return _is_lead(request)

    def has_change_permission(self, request, obj=None):
        return _is_lead(request)

    def has_delete_permission(self, request, obj=None):
        return _is_lead(request)


class LeadReadOnlyAdmin(LeadOnlyAdmin):
    """A record leads may look up but nobody edits here (it changes through the services)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return _is_lead(request)


class ClaimEventInline(ReadOnlyInline):
    model = ClaimEvent
    fields = readonly_fields = ("created_at", "kind", "visibility", "actor", "message")
    ordering = ["created_at", "pk"]


class ClaimDocumentInline(ReadOnlyInline):
    model = ClaimDocument
    fields = readonly_fields = (
        "kind",
        "party",
        "original_name",
        "content_type",
        "size",
        "sha256",
        "uploaded_by",
        "uploaded_at",
    )


class InformationRequestInline(ReadOnlyInline):
    model = InformationRequest
    fields = readonly_fields = ("party", "question", "due_at", "requested_by", "answered_at", "answer")


class ParameterFindingInline(ReadOnlyInline):
    model = ParameterFinding
    fields = readonly_fields = ("parameter", "finding", "note", "reviewer", "updated_at")


@admin.register(Claim)
class ClaimAdmin(LeadReadOnlyAdmin):
    list_display = [
        "reference",
        "status",
        "outcome",
        "partner",
        "seller",
        "reason",
        "assigned_to",
        "submitted_at",
        "decision_due",
        "is_overdue",
    ]
    list_filter = [
        "status",
        "outcome",
        "reason",
        "remedy",
        "channel",
        "is_overdue",
        "is_final",
        "submitted_at",
    ]
    search_fields = [
        "reference",
        "order__reference",
        "seller__name",
        "claimant__email",
        "partner__name",
        "partner__slug",
    ]
    list_select_related = ["partner", "seller", "assigned_to"]
    date_hierarchy = "submitted_at"
    inlines = [ClaimEventInline, ClaimDocumentInline, InformationRequestInline, ParameterFindingInline]
    show_full_result_count = False

    @admin.display(description=_("Workspace"))
    def workspace(self, obj):
        if obj.status == Claim.Status.DRAFT:
            return "—"
        url = reverse("claims:review_detail", kwargs={"reference": obj.reference})
        return format_html('<a href="{}">{}</a>', url, _("Open in the reviewer workspace"))

    def get_readonly_fields(self, request, obj=None):
        return ["workspace", *super().get_readonly_fields(request, obj)]


@admin.register(ClaimEvent)
class ClaimEventAdmin(LeadReadOnlyAdmin):
    """Append-only: no add, change or delete, for anyone."""

    list_display = ["created_at", "claim", "kind", "visibility", "actor"]
    list_filter = ["kind", "visibility"]
    search_fields = ["claim__reference", "message", "actor__email"]
    list_select_related = ["claim", "actor"]
    date_hierarchy = "created_at"
    show_full_result_count = False


@admin.register(ReasonCode)
class ReasonCodeAdmin(LeadOnlyAdmin):
    list_display = ["label", "code", "outcomes", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "label"]
    prepopulated_fields = {"code": ["label"]}

    def has_delete_permission(self, request, obj=None):
        # A code used by a decision stays (PROTECT); deactivate it instead.
        if obj is not None and Claim.objects.filter(decision_reason=obj).exists():
            return False
        return super().has_delete_permission(request, obj)


@admin.register(DecisionTemplate)
class DecisionTemplateAdmin(LeadOnlyAdmin):
    list_display = ["name", "outcome", "reason_code", "is_active"]
    list_filter = ["is_active", "outcome"]
    search_fields = ["name", "text"]
    autocomplete_fields = ["reason_code"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "outcome":
            from django import forms

            return forms.ChoiceField(
                label=_("Outcome"), choices=[("", _("Any"))] + list(Claim.Outcome.choices), required=False
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(FeedbackRequest)
class FeedbackRequestAdmin(LeadReadOnlyAdmin):
    list_display = ["order", "seller", "created_at", "sent_at", "reminder_sent_at"]
    search_fields = ["order__reference", "seller__email"]
    list_select_related = ["order", "seller"]
    date_hierarchy = "created_at"

    def get_readonly_fields(self, request, obj=None):
        # The nonce is what a link must carry: never shown.
        return [f.name for f in self.model._meta.fields if f.name != "nonce"]

    def get_fields(self, request, obj=None):
        return self.get_readonly_fields(request, obj)


@admin.register(InformationRequest)
class InformationRequestAdmin(LeadReadOnlyAdmin):
    list_display = ["claim", "party", "created_at", "due_at", "answered_at"]
    list_filter = ["party"]
    search_fields = ["claim__reference", "question", "answer"]
    list_select_related = ["claim"]


@admin.register(ParameterFinding)
class ParameterFindingAdmin(LeadReadOnlyAdmin):
    list_display = ["claim", "parameter", "finding", "reviewer", "updated_at"]
    list_filter = ["finding"]
    search_fields = ["claim__reference"]
    list_select_related = ["claim", "parameter", "reviewer"]
