from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from partnernet.users.models import SellerAccount, SellerMembership, User


class UserCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("email",)


class UserEditForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"


class SellerMembershipInline(admin.TabularInline):
    model = SellerMembership
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["account"]
    verbose_name = _("seller account membership")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """The e-mail user: no username; roles come from groups and memberships."""

    form = UserEditForm
    add_form = UserCreationForm
    ordering = ["email"]
    list_display = ["email", "full_name", "is_staff", "is_active", "last_login", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups"]
    search_fields = ["email", "full_name", "phone"]
    readonly_fields = ["last_login", "date_joined"]
    inlines = [SellerMembershipInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal details"), {"fields": ("full_name", "phone", "preferred_language")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


class AccountMembershipInline(admin.TabularInline):
    model = SellerMembership
    fk_name = "account"
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(SellerAccount)
class SellerAccountAdmin(admin.ModelAdmin):
    list_display = ["name", "marketplace", "owner", "gstin", "created_at"]
    list_filter = ["marketplace"]
    search_fields = ["name", "gstin", "owner__email"]
    autocomplete_fields = ["owner"]
    list_select_related = ["owner"]
    inlines = [AccountMembershipInline]
