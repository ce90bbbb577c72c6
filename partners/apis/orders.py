"""REST API for orders (DESIGN §5): list/create, detail, accept, decline, complete, cancel, review.

Every lookup is scoped to the caller (`order_list_for_user`): another account's
order is a 404, and so is any order for a caller who is not signed in (a stranger).
An action the caller's side may not take is a 403 with the reason; an action the
order's state does not allow is a 409. Service refusals are `DomainError`s, answered
by `partnernet.api.exception_handler`.
"""

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from partnernet.api_fields import MoneyField
from partnernet.business_days import IST
from partners.coverage import OrderCover, order_cover_for
from partners.hooks import order_api_fields
from partners.models import ServiceOffering, ServiceOrder, ServicePartner
from partners.preload import orders_preload
from partners.selectors.orders import order_get_for_user, order_list_for_user
from partners.services import orders as order_services
from partners.services.reviews import review_create


class IstDateTimeField(serializers.DateTimeField):
    """ISO 8601 in Asia/Kolkata (+05:30), whatever the server's zone."""

    def to_representation(self, value):
        if value is None:
            return None
        return timezone.localtime(value, IST).isoformat()


class OrderOutput(serializers.ModelSerializer):
    partner: serializers.SlugRelatedField[ServicePartner] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    partner_name = serializers.CharField(source="partner.name", read_only=True)
    offering: serializers.PrimaryKeyRelatedField[ServiceOffering] = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True
    )
    offering_title = serializers.CharField(
        source="offering.title", read_only=True, default=None, allow_null=True
    )
    seller = serializers.CharField(source="seller.name", read_only=True)
    budget = MoneyField(coerce_to_string=True, allow_null=True, read_only=True)
    agreed_price = MoneyField(coerce_to_string=True, allow_null=True, read_only=True)
    guarantee_terms_version = serializers.IntegerField(
        source="guarantee_terms.version", read_only=True, default=None, allow_null=True
    )
    requested_at = IstDateTimeField(read_only=True)
    accepted_at = IstDateTimeField(read_only=True, allow_null=True)
    completed_at = IstDateTimeField(read_only=True, allow_null=True)
    cancelled_at = IstDateTimeField(read_only=True, allow_null=True)
    declined_at = IstDateTimeField(read_only=True, allow_null=True)
    covered = serializers.SerializerMethodField(
        help_text="The Service Guarantee applies to this order for its seller: the partner's badge was "
        "active at acceptance (the terms snapshot) and the seller's marketplace is covered."
    )
    claim_deadline = serializers.SerializerMethodField(
        help_text="End of the claim window (ISO 8601, +05:30); null unless `covered` and completed."
    )
    claim_window_open = serializers.SerializerMethodField(
        help_text="`covered`, and the claim deadline (if any) has not passed."
    )
    claim_possible = serializers.SerializerMethodField(
        help_text="The caller may file a claim on this order now (the claim-eligibility answer)."
    )
    url = serializers.SerializerMethodField()

    class Meta:
        model = ServiceOrder
        fields = [
            "reference",
            "status",
            "partner",
            "partner_name",
            "seller",
            "offering",
            "offering_title",
            "scope",
            "budget",
            "agreed_price",
            "due_on",
            "covered",
            "guarantee_terms_version",
            "requested_at",
            "accepted_at",
            "completed_at",
            "cancelled_at",
            "declined_at",
            "close_reason",
            "claim_deadline",
            "claim_window_open",
            "claim_possible",
            "url",
        ]
        read_only_fields = fields

    def _cover(self, order: ServiceOrder) -> OrderCover:
        # One answer per order (partners.coverage: the eligibility rules); the four fields
        # that show it ask once.
        covers: dict[int, OrderCover] = self.__dict__.setdefault("_covers", {})
        if order.pk not in covers:
            request = self.context.get("request")
            covers[order.pk] = order_cover_for(order, getattr(request, "user", None))
        return covers[order.pk]

    def get_covered(self, order) -> bool:
        return self._cover(order).applies

    def get_claim_deadline(self, order) -> str | None:
        deadline = self._cover(order).deadline
        return timezone.localtime(deadline, IST).isoformat() if deadline else None

    def get_claim_window_open(self, order) -> bool:
        return self._cover(order).window_open

    def get_claim_possible(self, order) -> bool:
        return self._cover(order).can_file

    def get_url(self, order) -> str:
        return order.get_absolute_url()

    def to_representation(self, order):
        data = super().to_representation(order)
        # `terms` and `issue` (DESIGN §9 additions) come from the apps above partners.
        for extra in order_api_fields.call(order):
            data.update(extra)
        return data


class ReviewOutput(serializers.Serializer):
    order = serializers.CharField(source="order.reference")
    partner = serializers.CharField(source="partner.slug")
    rating = serializers.IntegerField()
    title = serializers.CharField()
    text = serializers.CharField()
    created_at = IstDateTimeField(read_only=True)


def _order(request, reference) -> ServiceOrder:
    try:
        return order_get_for_user(user=request.user, reference=reference)
    except ServiceOrder.DoesNotExist:
        raise NotFound("No order with this reference among yours.")


class OrderApi(APIView):
    """One order's endpoints: the lookup decides (404 for anyone who is not a party,
    signed in or not), so no 401/403 tells a stranger that the reference exists."""

    permission_classes = [AllowAny]


class OrderListCreateApi(generics.ListAPIView):
    """The caller's orders (as seller and as partner member), newest first; POST requests one."""

    permission_classes = [IsAuthenticated]
    serializer_class = OrderOutput
    filter_backends: list = []

    class OrderCreateInput(serializers.Serializer):
        partner = serializers.SlugField(max_length=80)
        offering = serializers.IntegerField(required=False, allow_null=True, min_value=1)
        scope = serializers.CharField(max_length=5000)
        budget = MoneyField(required=False, allow_null=True, min_value=0)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        orders = list(page) if page is not None else list(self.get_queryset())
        # What each row shows from the apps above partners, loaded for the page at once.
        orders_preload(orders, request.user)
        data = self.get_serializer(orders, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def get_queryset(self):
        orders = order_list_for_user(user=self.request.user)
        status_filter = self.request.query_params.get("status")
        if status_filter in ServiceOrder.Status.values:
            orders = orders.filter(status=status_filter)
        return orders

    @extend_schema(request=OrderCreateInput, responses={201: OrderOutput})
    def post(self, request):
        data = self.OrderCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        partner = ServicePartner.objects.filter(slug=values["partner"], is_listed=True).first()
        if partner is None:
            raise serializers.ValidationError({"partner": ["No listed partner with this slug."]})
        offering = None
        if values.get("offering"):
            offering = ServiceOffering.objects.filter(pk=values["offering"], partner=partner).first()
            if offering is None:
                raise serializers.ValidationError({"offering": ["Not one of this partner's services."]})
        order = order_services.order_request(
            seller_user=request.user,
            partner=partner,
            offering=offering,
            scope=values["scope"],
            budget=values.get("budget"),
        )
        return Response(OrderOutput(order, context={"request": request}).data, status=status.HTTP_201_CREATED)


class OrderDetailApi(OrderApi):
    @extend_schema(responses=OrderOutput)
    def get(self, request, reference):
        return Response(OrderOutput(_order(request, reference), context={"request": request}).data)


class OrderAcceptApi(OrderApi):
    class OrderAcceptInput(serializers.Serializer):
        agreed_price = MoneyField(min_value=0)
        scope = serializers.CharField(max_length=5000, required=False, allow_blank=True)
        due_on = serializers.DateField(required=False, allow_null=True)

    @extend_schema(request=OrderAcceptInput, responses=OrderOutput)
    def post(self, request, reference):
        order = _order(request, reference)
        data = self.OrderAcceptInput(data=request.data)
        data.is_valid(raise_exception=True)
        result = order_services.order_accept(order=order, user=request.user, **data.validated_data)
        return Response(OrderOutput(result, context={"request": request}).data)


class ReasonInput(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class OrderDeclineApi(OrderApi):
    @extend_schema(request=ReasonInput, responses=OrderOutput)
    def post(self, request, reference):
        order = _order(request, reference)
        data = ReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        result = order_services.order_decline(
            order=order, user=request.user, reason=data.validated_data["reason"]
        )
        return Response(OrderOutput(result, context={"request": request}).data)


class OrderCancelApi(OrderApi):
    @extend_schema(request=ReasonInput, responses=OrderOutput)
    def post(self, request, reference):
        order = _order(request, reference)
        data = ReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        result = order_services.order_cancel(
            order=order, user=request.user, reason=data.validated_data["reason"]
        )
        return Response(OrderOutput(result, context={"request": request}).data)


class OrderCompleteApi(OrderApi):
    @extend_schema(request=None, responses=OrderOutput)
    def post(self, request, reference):
        order = _order(request, reference)
        result = order_services.order_complete(order=order, user=request.user)
        return Response(OrderOutput(result, context={"request": request}).data)


class OrderReviewApi(OrderApi):
    class ReviewCreateInput(serializers.Serializer):
        rating = serializers.IntegerField(min_value=1, max_value=5)
        title = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
        text = serializers.CharField(min_length=10, max_length=5000)

    @extend_schema(request=ReviewCreateInput, responses={201: ReviewOutput})
    def post(self, request, reference):
        order = _order(request, reference)
        data = self.ReviewCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        review = review_create(order=order, user=request.user, **data.validated_data)
        return Response(ReviewOutput(review).data, status=status.HTTP_201_CREATED)
