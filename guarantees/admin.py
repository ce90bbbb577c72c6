"""Admin of the guarantee programme for support leads.

Published terms are read-only here (and in every other path); enrolment status
changes only through the decision page, which calls the services so that each
change writes its event, moves the badge and e-mails the partner.
"""

from django.contrib import admin, messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from guarantees.forms import LeadDecisionForm
from guarantees.models import (
    BadgeInterval,
    ComplianceSnapshot,
    Enrollment,
    EnrollmentEvent,
    GuaranteeParameter,
    GuaranteeTerms,
    ProgrammeRequirement,
    TermsImmutable,
)
from guarantees.services import (
    enrollment_approve,
    enrollment_reinstate,
    enrollment_reject,
    enrollment_suspend,
)
from partnernet.web import call_service
from partners import people


class LeadAccessMixin:
    """Leads run the programme: they may use these pages whatever their model permissions."""

    def _is_lead(self, request) -> bool:
        return people.is_lead(request.user) and request.user.is_staff

    def has_module_permission(self, request):
        return self._is_lead(request) or super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._is_lead(request) or super().has_view_permission(request, obj)


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ProgrammeRequirement)
class ProgrammeRequirementAdmin(LeadAccessMixin, admin.ModelAdmin):
    list_display = ("label", "key", "value_type", "unit", "floor", "floor_direction", "is_active", "position")
    list_editable = ("is_active", "position")
    list_filter = ("is_active", "value_type")
    search_fields = ("label", "key")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "key",
                    "label",
                    "help_text",
                    "value_type",
                    "unit",
                    "choices",
                    "position",
                    "is_active",
                )
            },
        ),
        (
            _("Programme floor"),
            {
                "fields": ("floor", "floor_direction"),
                "description": _(
                    "The bound every partner's value must keep to. Changing it never changes published "
                    "terms; it applies to the next version a partner publishes and to new applications."
                ),
            },
        ),
    )

    def has_add_permission(self, request):
        return self._is_lead(request) or super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return self._is_lead(request) or super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # Deactivate instead: parameters keep a copy, but a history of requirements helps support.
        return False


class ParameterInline(admin.TabularInline):
    model = GuaranteeParameter
    extra = 0
    fields = ("position", "key", "label", "value", "unit")
    readonly_fields = ("position", "key", "label", "value", "unit")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(GuaranteeTerms)
class GuaranteeTermsAdmin(LeadAccessMixin, ReadOnlyMixin, admin.ModelAdmin):
    """Terms are written by partners in the console; here support reads them, never edits them."""

    list_display = ("partner", "version", "status", "is_current", "published_at", "published_by")
    list_filter = ("status", "is_current")
    search_fields = ("partner__name", "partner__slug")
    list_select_related = ("partner", "published_by")
    readonly_fields = (
        "partner",
        "status",
        "version",
        "is_current",
        "summary",
        "created_at",
        "published_at",
        "published_by",
    )
    inlines = [ParameterInline]
    actions = None

    def change_view(self, request, object_id, form_url="", extra_context=None):
        terms = self.get_object(request, object_id)
        if terms is not None and terms.is_published and request.method == "GET":
            messages.info(
                request,
                _(
                    "Version %(v)s of %(p)s is published and cannot be changed or deleted: claims are judged "
                    "against it. The partner publishes a new version from the console."
                )
                % {"v": terms.version, "p": terms.partner},
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_queryset(self, request, queryset):  # pragma: no cover - no delete action is offered
        try:
            super().delete_queryset(request, queryset)
        except TermsImmutable as exc:
            messages.error(request, exc.messages[0])


class EventInline(admin.TabularInline):
    model = EnrollmentEvent
    extra = 0
    fields = ("created_at", "kind", "actor", "reason", "data")
    readonly_fields = fields
    can_delete = False
    ordering = ("-created_at",)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return True


@admin.register(Enrollment)
class EnrollmentAdmin(LeadAccessMixin, ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("partner", "status", "applied_at", "decided_at", "badge", "decide_link")
    list_filter = ("status",)
    search_fields = ("partner__name", "partner__slug")
    list_select_related = ("partner",)
    readonly_fields = ("partner", "status", "applied_at", "decided_at", "decided_by", "reason", "updated_at")
    inlines = [EventInline]
    actions = None
    change_form_template = "guarantees/admin/enrollment_change_form.html"

    @admin.display(boolean=True, description=_("Badge"))
    def badge(self, obj):
        return obj.partner.badge_active

    @admin.display(description=_("Decide"))
    def decide_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:guarantees_enrollment_decide", args=[obj.pk]), _("Decide…")
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/decide/",
                self.admin_site.admin_view(self.decide_view),
                name="guarantees_enrollment_decide",
            )
        ] + super().get_urls()

    def decide_view(self, request, pk):
        if not self._is_lead(request):
            raise Http404
        enrollment = get_object_or_404(Enrollment.objects.select_related("partner"), pk=pk)
        form = LeadDecisionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
            service = {
                "approve": enrollment_approve,
                "reject": enrollment_reject,
                "suspend": enrollment_suspend,
                "reinstate": enrollment_reinstate,
            }[action]
            ok, _result = call_service(form, service, enrollment=enrollment, lead=request.user, reason=reason)
            if ok:
                messages.success(
                    request,
                    _("%(partner)s: %(action)s done.") % {"partner": enrollment.partner, "action": action},
                )
                return redirect("admin:guarantees_enrollment_change", enrollment.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Decide: %(partner)s") % {"partner": enrollment.partner},
            "opts": self.model._meta,
            "original": enrollment,
            "enrollment": enrollment,
            "form": form,
        }
        return TemplateResponse(request, "guarantees/admin/enrollment_decide.html", context)


@admin.register(BadgeInterval)
class BadgeIntervalAdmin(LeadAccessMixin, ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("partner", "started_at", "ended_at", "end_reason")
    list_filter = ("end_reason",)
    search_fields = ("partner__name",)
    list_select_related = ("partner",)
    actions = None


@admin.register(ComplianceSnapshot)
class ComplianceSnapshotAdmin(LeadAccessMixin, ReadOnlyMixin, admin.ModelAdmin):
    list_display = (
        "partner",
        "computed_at",
        "completed_covered_orders",
        "claims_filed",
        "claims_upheld",
        "claims_upheld_90d",
        "upheld_rate",
        "on_time_rate",
        "median_first_response_hours",
        "is_latest",
    )
    list_filter = ("is_latest",)
    search_fields = ("partner__name",)
    list_select_related = ("partner",)
    actions = None
