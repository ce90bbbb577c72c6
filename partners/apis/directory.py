"""REST API for the directory, profiles and the partner console."""

from django.conf import settings
from django.db.models import Count, Q, prefetch_related_objects
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from partners.forms import SORT_CHOICES, DirectoryFilterForm
from partners.models import ServiceCategory
from partners.selectors import (
    console_offerings,
    console_promotions,
    directory_options,
    offerings_active,
    partner_directory_api,
    partner_for_member,
    partner_get_public,
    partner_labels,
    promotions_active,
    reviews_public,
)
from partners.selectors.listing import partner_rows
from partners.serializers import (
    CategorySerializer,
    ConsoleOfferingSerializer,
    ConsoleProfileSerializer,
    PartnerDetailSerializer,
    PartnerSerializer,
    PromotionSerializer,
    ReviewSerializer,
)
from partners.services.directory import (
    PROFILE_FIELDS,
    offering_save,
    partner_profile_update,
    promotion_save,
)

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
# The documented spellings of the directory's yes/no filters (`guaranteed=1`).
FLAG_VALUES = {"1", "0", "true", "false"}
FLAG_PARAMS = ("guaranteed", "accepting")


def _flags_checked(request):
    """The query with its yes/no filters checked: 1/0 (or true/false), anything else is a
    400 naming the field rather than a silent "yes" (a checkbox form field reads any value
    but "false" as ticked, `guaranteed=-84709` and `guaranteed=0` included)."""
    query = request.query_params.copy()
    errors = {}
    for name in FLAG_PARAMS:
        raw = query.get(name)
        if raw in (None, ""):
            continue
        if raw.lower() not in FLAG_VALUES:
            errors[name] = [f"Use {name}=1 (only those) or {name}=0 (all), or leave it out."]
        elif raw.lower() in ("0", "false"):
            query.pop(name)
    if errors:
        raise ValidationError(errors)
    return query


def _int_param(request, name, default, *, low, high):
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValidationError({name: [f"Enter a whole number between {low} and {high}."]})
    if not low <= value <= high:
        raise ValidationError({name: [f"Enter a whole number between {low} and {high}."]})
    return value


def paginate(request, queryset, serializer_class, *, build=None, **serializer_kwargs):
    """Page-number pagination where a page past the end is an empty page, not an error.

    `build` (optional) turns the page's slice of the queryset into the results itself,
    instead of serializer_class (the partner list: plain rows, no ORM objects)."""
    page = _int_param(request, "page", 1, low=1, high=10**6)
    size = _int_param(request, "page_size", PAGE_SIZE, low=1, high=MAX_PAGE_SIZE)
    count = queryset.count()
    offset = (page - 1) * size
    if build is not None:
        results = build(queryset[offset : offset + size]) if offset < count else []
    else:
        rows = list(queryset[offset : offset + size]) if offset < count else []
        results = serializer_class(rows, many=True, context={"request": request}, **serializer_kwargs).data

    def link(number):
        query = request.query_params.copy()
        query["page"] = number
        return f"{settings.SITE_URL}{request.path}?{query.urlencode()}"

    return Response(
        {
            "count": count,
            "next": link(page + 1) if offset + size < count else None,
            "previous": link(page - 1) if page > 1 and count else None,
            "results": results,
        }
    )


def paginated(serializer):
    return inline_serializer(
        f"Paginated{serializer.__name__.replace('Serializer', '')}List",
        {
            "count": serializers.IntegerField(),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": serializer(many=True),
        },
    )


DIRECTORY_PARAMETERS = [
    OpenApiParameter("q", str, description="Full-text search over name, tagline, description, offerings."),
    OpenApiParameter("category", str, description="Category slug."),
    OpenApiParameter("city", str, description="City slug."),
    OpenApiParameter("language", str, description="Language code."),
    OpenApiParameter(
        "guaranteed",
        str,
        enum=["1", "0", "true", "false"],
        description="1: only partners with an active Service Guarantee badge.",
    ),
    OpenApiParameter("min_rating", OpenApiTypes.DECIMAL, description="1–5"),
    OpenApiParameter("price_min", OpenApiTypes.DECIMAL),
    OpenApiParameter("price_max", OpenApiTypes.DECIMAL),
    OpenApiParameter(
        "accepting",
        str,
        enum=["1", "0", "true", "false"],
        description="1: only partners accepting new clients.",
    ),
    OpenApiParameter("sort", str, enum=[s for s, _label in SORT_CHOICES]),
    OpenApiParameter("page", int),
    OpenApiParameter("page_size", int, description=f"At most {MAX_PAGE_SIZE}."),
]


class PartnerListApi(APIView):
    """The directory: the same search, filters and order as /partners/."""

    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="partners_list",
        parameters=DIRECTORY_PARAMETERS,
        responses={200: paginated(PartnerSerializer)},
    )
    def get(self, request):
        form = DirectoryFilterForm(_flags_checked(request), options=directory_options())
        if not form.is_valid():
            raise ValidationError({name: list(errors) for name, errors in form.errors.items()})
        queryset = partner_directory_api(params=form.params(), prefetch=False)
        return paginate(request, queryset, PartnerSerializer, build=partner_rows)


class PartnerDetailApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(operation_id="partners_retrieve", responses={200: PartnerDetailSerializer})
    def get(self, request, slug):
        partner = partner_get_public(slug=slug)
        partner.rating_distribution = partner_labels(partner=partner)["ratings"]
        partner.active_offerings = list(offerings_active(partner=partner))
        partner.active_promotions = list(promotions_active(partner=partner))
        prefetch_related_objects([partner], "categories", "cities", "languages")
        return Response(PartnerDetailSerializer(partner, context={"request": request}).data)


class PartnerReviewsApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="partners_reviews_list",
        parameters=[OpenApiParameter("page", int), OpenApiParameter("page_size", int)],
        responses={200: paginated(ReviewSerializer)},
    )
    def get(self, request, slug):
        partner = partner_get_public(slug=slug)
        return paginate(request, reviews_public(partner=partner), ReviewSerializer)


class CategoryListApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(operation_id="categories_list", responses={200: CategorySerializer(many=True)})
    def get(self, request):
        categories = ServiceCategory.objects.annotate(
            partner_count=Count("partners", filter=Q(partners__is_listed=True))
        ).order_by("position", "name")
        return Response(CategorySerializer(categories, many=True).data)


class ConsoleProfileApi(APIView):
    """The signed-in member's own partner (404 for anyone who is not a member)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: ConsoleProfileSerializer})
    def get(self, request):
        partner = partner_for_member(user=request.user)
        return Response(ConsoleProfileSerializer(partner).data)

    @extend_schema(request=ConsoleProfileSerializer, responses={200: ConsoleProfileSerializer})
    def patch(self, request):
        partner = partner_for_member(user=request.user)
        serializer = ConsoleProfileSerializer(partner, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        partner = partner_profile_update(
            partner=partner,
            data={k: v for k, v in data.items() if k in PROFILE_FIELDS},
            categories=data.get("categories"),
            cities=data.get("cities"),
            languages=data.get("languages"),
        )
        return Response(ConsoleProfileSerializer(partner).data)


class ConsoleOfferingsApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="console_offerings_list", responses={200: ConsoleOfferingSerializer(many=True)}
    )
    def get(self, request):
        partner = partner_for_member(user=request.user)
        return Response(ConsoleOfferingSerializer(console_offerings(partner=partner), many=True).data)

    @extend_schema(request=ConsoleOfferingSerializer, responses={201: ConsoleOfferingSerializer})
    def post(self, request):
        partner = partner_for_member(user=request.user)
        serializer = ConsoleOfferingSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        offering = offering_save(partner=partner, data=serializer.validated_data)
        return Response(ConsoleOfferingSerializer(offering).data, status=201)


class ConsoleOfferingDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=ConsoleOfferingSerializer, responses={200: ConsoleOfferingSerializer})
    def patch(self, request, pk):
        partner = partner_for_member(user=request.user)
        offering = get_object_or_404(console_offerings(partner=partner), pk=pk)
        serializer = ConsoleOfferingSerializer(offering, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        offering = offering_save(partner=partner, offering=offering, data=serializer.validated_data)
        return Response(ConsoleOfferingSerializer(offering).data)


class ConsolePromotionsApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="console_promotions_list", responses={200: PromotionSerializer(many=True)})
    def get(self, request):
        partner = partner_for_member(user=request.user)
        return Response(PromotionSerializer(console_promotions(partner=partner), many=True).data)

    @extend_schema(request=PromotionSerializer, responses={201: PromotionSerializer})
    def post(self, request):
        partner = partner_for_member(user=request.user)
        serializer = PromotionSerializer(data=request.data, partner=partner)
        serializer.is_valid(raise_exception=True)
        promotion = promotion_save(partner=partner, data=serializer.validated_data)
        return Response(PromotionSerializer(promotion).data, status=201)
