"""REST shapes for the directory, the profile and the partner console (DESIGN §5)."""

from django.conf import settings
from rest_framework import serializers

from partnernet.api_fields import MoneyField
from partners.models import (
    City,
    Language,
    Promotion,
    Review,
    ServiceCategory,
    ServiceOffering,
    ServicePartner,
)


class PartnerSerializer(serializers.ModelSerializer):
    badge = serializers.BooleanField(source="badge_active", read_only=True)
    rating = serializers.SerializerMethodField()
    categories: serializers.SlugRelatedField[ServiceCategory] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="slug"
    )
    cities: serializers.SlugRelatedField[City] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="slug"
    )
    languages: serializers.SlugRelatedField[Language] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="code"
    )
    price_from = MoneyField(read_only=True, allow_null=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = ServicePartner
        fields = [
            "slug",
            "name",
            "tagline",
            "badge",
            "rating",
            "review_count",
            "categories",
            "cities",
            "languages",
            "price_from",
            "accepting_clients",
            "url",
        ]
        read_only_fields = fields

    def get_rating(self, obj) -> float | None:
        return float(obj.rating_avg) if obj.rating_avg is not None and obj.review_count else None

    def get_url(self, obj) -> str:
        return settings.SITE_URL + obj.get_absolute_url()


class OfferingSerializer(serializers.ModelSerializer):
    category = serializers.SlugRelatedField(slug_field="slug", queryset=ServiceCategory.objects.all())
    price_from = MoneyField(min_value=0)

    class Meta:
        model = ServiceOffering
        fields = ["id", "title", "category", "description", "price_from", "price_unit", "turnaround_days"]


class ConsoleOfferingSerializer(OfferingSerializer):
    class Meta(OfferingSerializer.Meta):
        fields = OfferingSerializer.Meta.fields + ["is_active"]


class PromotionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Promotion
        fields = ["id", "title", "description", "offering", "discount_percent", "starts_on", "ends_on"]
        read_only_fields = ["id"]

    def __init__(self, *args, partner=None, **kwargs):
        super().__init__(*args, **kwargs)
        if partner is not None:
            self.fields["offering"].queryset = ServiceOffering.objects.filter(partner=partner)

    def validate(self, attrs):
        start = attrs.get("starts_on", getattr(self.instance, "starts_on", None))
        end = attrs.get("ends_on", getattr(self.instance, "ends_on", None))
        if start and end and end < start:
            raise serializers.ValidationError(
                {"ends_on": ["The end date must be on or after the start date."]}
            )
        return attrs


class RatingRowSerializer(serializers.Serializer):
    stars = serializers.IntegerField()
    count = serializers.IntegerField()


class PartnerDetailSerializer(PartnerSerializer):
    offerings = OfferingSerializer(many=True, read_only=True, source="active_offerings")
    promotions = PromotionSerializer(many=True, read_only=True, source="active_promotions")
    rating_distribution = RatingRowSerializer(many=True, read_only=True)

    class Meta(PartnerSerializer.Meta):
        fields = PartnerSerializer.Meta.fields + [
            "description",
            "website",
            "email",
            "phone",
            "founded_year",
            "rating_distribution",
            "offerings",
            "promotions",
        ]
        read_only_fields = fields


class ReviewSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()

    class Meta:
        model = Review
        fields = ["id", "rating", "title", "text", "author", "created_at", "reply", "replied_at"]

    def get_author(self, obj) -> str:
        return obj.author.get_short_name()


class CategorySerializer(serializers.ModelSerializer):
    partner_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = ServiceCategory
        fields = ["slug", "name", "description", "partner_count"]


class ConsoleProfileSerializer(serializers.ModelSerializer):
    badge = serializers.BooleanField(source="badge_active", read_only=True)
    price_from = MoneyField(read_only=True, allow_null=True)
    categories = serializers.SlugRelatedField(
        many=True, slug_field="slug", queryset=ServiceCategory.objects.all(), required=False
    )
    cities = serializers.SlugRelatedField(
        many=True,
        slug_field="slug",
        queryset=City.objects.all(),
        required=False,
    )
    languages = serializers.SlugRelatedField(
        many=True,
        slug_field="code",
        queryset=Language.objects.all(),
        required=False,
    )

    class Meta:
        model = ServicePartner
        fields = [
            "slug",
            "name",
            "tagline",
            "description",
            "website",
            "email",
            "phone",
            "founded_year",
            "accepting_clients",
            "categories",
            "cities",
            "languages",
            "badge",
            "rating_avg",
            "review_count",
            "price_from",
        ]
        read_only_fields = ["slug", "badge", "rating_avg", "review_count", "price_from"]
