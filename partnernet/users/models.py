from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

REVIEWERS_GROUP = "Reviewers"
LEADS_GROUP = "Leads"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with an e-mail address.

    A user's role follows from what they belong to: a seller account (seller),
    a partner membership (partner member), the Reviewers or Leads group (support).
    """

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text=_("Can sign in to the admin site."))
    date_joined = models.DateTimeField(default=timezone.now)
    preferred_language = models.CharField(max_length=8, blank=True, default="")

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        ordering = ["email"]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return (self.full_name or self.email).split(" ")[0]

    @cached_property
    def group_names(self) -> frozenset[str]:
        return frozenset(self.groups.values_list("name", flat=True))

    @property
    def is_lead(self) -> bool:
        return self.is_active and (self.is_superuser or LEADS_GROUP in self.group_names)

    @property
    def is_reviewer(self) -> bool:
        """Support staff: reviewers and leads (a lead can do all a reviewer does)."""
        return self.is_active and self.is_staff and (self.is_lead or REVIEWERS_GROUP in self.group_names)

    @cached_property
    def seller_account(self):
        membership = self.seller_memberships.select_related("account").order_by("pk").first()
        return membership.account if membership else None

    @cached_property
    def partner(self):
        membership = self.partner_memberships.select_related("partner").order_by("pk").first()
        return membership.partner if membership else None

    @property
    def is_seller(self) -> bool:
        return self.seller_account is not None

    @property
    def is_partner_member(self) -> bool:
        return self.partner is not None


class Marketplace(models.TextChoices):
    IN = "IN", _("India")
    US = "US", _("United States")
    UK = "UK", _("United Kingdom")
    AE = "AE", _("United Arab Emirates")
    DE = "DE", _("Germany")
    JP = "JP", _("Japan")
    SG = "SG", _("Singapore")
    AU = "AU", _("Australia")


class SellerAccount(models.Model):
    """A selling business on the marketplace; its members act for it."""

    name = models.CharField(max_length=200)
    marketplace = models.CharField(max_length=2, choices=Marketplace.choices, default=Marketplace.IN)
    owner = models.ForeignKey(User, on_delete=models.PROTECT, related_name="owned_seller_accounts")
    members = models.ManyToManyField(User, through="SellerMembership", related_name="seller_accounts")
    gstin = models.CharField("GSTIN", max_length=15, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["marketplace"])]

    def __str__(self):
        return f"{self.name} ({self.marketplace})"


class SellerMembership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        MEMBER = "member", _("Member")

    account = models.ForeignKey(SellerAccount, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="seller_memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["account", "user"], name="uniq_seller_membership")]

    def __str__(self):
        return f"{self.user} in {self.account} ({self.role})"


class VerifiedToken(models.Model):
    """An API token issued after its staff owner entered a valid TOTP code.

    With STAFF_REQUIRE_2FA on, a staff member's token counts for staff endpoints
    only when it has this row: a token issued on the password alone (before the
    rule, or before the authenticator existed) does not.
    """

    token = models.OneToOneField(
        "authtoken.Token", on_delete=models.CASCADE, primary_key=True, related_name="second_factor"
    )
    verified_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"second factor for token of user {self.token.user_id}"


class WorkerHeartbeat(models.Model):
    """One row per Celery worker, refreshed while it consumes (`partnernet.heartbeat`)."""

    name = models.CharField(max_length=200, unique=True)
    seen_at = models.DateTimeField()

    def __str__(self):
        return f"{self.name} at {self.seen_at:%Y-%m-%d %H:%M:%S}"
