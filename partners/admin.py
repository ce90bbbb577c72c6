"""Support's view of partners, their catalogue and reviews."""

from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from partners.models import (
    City,
    Language,
    OrderEvent,
    PartnerMembership,
    Promotion,
    Review,
    ServiceCategory,
    ServiceOffering,
    ServiceOrder,
    ServicePartner,
)
from partners.services.directory import partner_stats_refresh


@admin.register(ServiceCategory)
class ServiceCategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "position")
    list_editable = ("position",)
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name", "slug")


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = ("name", "state", "slug")
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name", "slug")


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    list_display = ("name", "code")
    search_fields = ("name", "code")


class MembershipInline(admin.TabularInline):
    model = PartnerMembership
    extra = 0
    autocomplete_fields = ("user",)


class OfferingInline(admin.TabularInline):
    model = ServiceOffering
    extra = 0
    fields = ("title", "category", "price_from", "price_unit", "turnaround_days", "is_active")


@admin.register(ServicePartner)
class ServicePartnerAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "badge_active", "rating_avg", "review_count", "price_from", "is_listed")
    list_filter = ("badge_active", "is_listed", "accepting_clients", "categories")
    search_fields = ("name", "slug", "email")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("categories", "cities", "languages")
    readonly_fields = ("badge_active", "rating_avg", "review_count", "price_from", "created_at", "updated_at")
    inlines = [MembershipInline, OfferingInline]
    list_per_page = 50
    show_full_result_count = False  # the directory can hold tens of thousands of partners

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Categories and offerings feed the search document and the starting price.
        transaction.on_commit(lambda: partner_stats_refresh(partner=form.instance))


@admin.register(Promotion)
class PromotionAdmin(admin.ModelAdmin):
    list_display = ("title", "partner", "starts_on", "ends_on", "discount_percent")
    list_filter = ("starts_on", "ends_on")
    search_fields = ("title", "partner__name")
    autocomplete_fields = ("partner", "offering")


@admin.register(ServiceOffering)
class ServiceOfferingAdmin(admin.ModelAdmin):
    list_display = ("title", "partner", "category", "price_from", "turnaround_days", "is_active")
    list_filter = ("is_active", "category")
    search_fields = ("title", "partner__name")
    autocomplete_fields = ("partner",)


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    """Support may hide a review (with a reason); the partner's rating is recomputed."""

    list_display = ("partner", "rating", "author", "created_at", "is_hidden")
    list_filter = ("is_hidden", "rating")
    search_fields = ("partner__name", "order__reference", "text")
    fields = (
        "order",
        "partner",
        "author",
        "rating",
        "title",
        "text",
        "reply",
        "replied_at",
        "is_hidden",
        "hidden_reason",
    )
    readonly_fields = ("order", "partner", "author", "rating", "title", "text", "reply", "replied_at")
    actions = ["hide_reviews", "show_reviews"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False  # reviews come only from sellers of completed orders

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        partner_stats_refresh(partner=obj.partner)

    def _set_hidden(self, request, queryset, hidden):
        partners = {r.partner for r in queryset.select_related("partner")}
        count = queryset.update(is_hidden=hidden)
        for partner in partners:
            partner_stats_refresh(partner=partner)
        self.message_user(request, _("%(n)d review(s) updated.") % {"n": count}, messages.SUCCESS)

    @admin.action(description=_("Hide the selected reviews"))
    def hide_reviews(self, request, queryset):
        self._set_hidden(request, queryset, True)

    @admin.action(description=_("Show the selected reviews again"))
    def show_reviews(self, request, queryset):
        self._set_hidden(request, queryset, False)


class OrderEventInline(admin.TabularInline):
    """The order's history: append-only, so read-only here too."""

    model = OrderEvent
    extra = 0
    fields = ("created_at", "kind", "actor", "data")
    readonly_fields = fields
    ordering = ("created_at", "pk")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ServiceOrder)
class ServiceOrderAdmin(admin.ModelAdmin):
    """Orders change only through their services; support reads them here."""

    inlines = [OrderEventInline]

    list_display = ("reference", "partner", "seller", "status", "covered", "agreed_price", "completed_at")
    list_filter = ("status", "covered")
    search_fields = ("reference", "partner__name", "seller__name")
    show_full_result_count = False
    list_select_related = ("partner", "seller")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
