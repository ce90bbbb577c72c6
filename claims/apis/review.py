"""REST endpoints of the reviewer workspace (DESIGN §5): queue, take next, actions.

Support staff only. Anyone else gets a 403 on the list and take-next (they
reveal no object) and a 404 on anything addressed by a claim reference, so
references cannot be probed. Every action carries the claim's `version`; a stale
one is a 409 and nothing is written. Each endpoint calls one service; its refusals
are answered by `partnernet.api.exception_handler`.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import ListAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from claims import services
from claims.models import Claim, ClaimEvent, InformationRequest
from claims.selectors import review as sel
from claims.selectors.sla import claim_overdue_reasons
from partnernet.api import Pagination, StaffSecondFactor
from partnernet.api_fields import MoneyField

# --- serializers --------------------------------------------------------------------


class ReviewEventSerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()

    class Meta:
        model = ClaimEvent
        fields = ["kind", "visibility", "actor", "message", "data", "created_at"]

    def get_actor(self, obj) -> str | None:
        return obj.actor.email if obj.actor_id else None


class ReviewClaimSerializer(serializers.ModelSerializer):
    order = serializers.CharField(source="order.reference")
    partner = serializers.CharField(source="partner.slug")
    seller = serializers.CharField(source="seller.name")
    assigned_to = serializers.SerializerMethodField()
    reason_code = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()
    amount = MoneyField(read_only=True, allow_null=True)
    agreed_price = MoneyField(read_only=True, allow_null=True)
    decision_amount = MoneyField(read_only=True, allow_null=True)

    class Meta:
        model = Claim
        fields = [
            "reference",
            "order",
            "partner",
            "seller",
            "status",
            "outcome",
            "reason",
            "remedy",
            "amount",
            "agreed_price",
            "assigned_to",
            "submitted_at",
            "first_action_at",
            "first_action_due",
            "partner_response_due",
            "awaiting_due",
            "decision_due",
            "is_overdue",
            "overdue",
            "decision_remedy",
            "decision_amount",
            "reason_code",
            "rationale",
            "decided_at",
            "appeal_deadline",
            "appealed_at",
            "is_final",
            "version",
        ]

    def get_assigned_to(self, obj) -> str | None:
        return obj.assigned_to.email if obj.assigned_to_id else None

    def get_reason_code(self, obj) -> str | None:
        return obj.decision_reason.code if obj.decision_reason_id else None

    def get_overdue(self, obj) -> list[str]:
        return [str(r) for r in claim_overdue_reasons(obj)]


class ReviewClaimDetailSerializer(ReviewClaimSerializer):
    events = ReviewEventSerializer(many=True, read_only=True)
    description = serializers.CharField()
    resolution_attempt = serializers.CharField()

    class Meta(ReviewClaimSerializer.Meta):
        fields = [*ReviewClaimSerializer.Meta.fields, "description", "resolution_attempt", "events"]


class ReasonCodeSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # stubs: a field named like Field.label (taken off the class)
    outcomes = serializers.ListField(
        child=serializers.ChoiceField(choices=Claim.Outcome.choices),
        help_text="The decision outcomes this code may be given with.",
    )


class VersionField(serializers.IntegerField):
    def __init__(self, **kwargs):
        super().__init__(min_value=1, **kwargs)


class AssignSerializer(serializers.Serializer):
    assignee = serializers.EmailField(
        allow_null=True, help_text="E-mail of a support reviewer; null: unassign."
    )
    version = VersionField()


class NoteSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=5000)
    version = VersionField(required=False)


class InfoRequestSerializer(serializers.Serializer):
    party = serializers.ChoiceField(choices=InformationRequest.Party.choices)
    question = serializers.CharField(max_length=5000)
    due_at = serializers.DateTimeField(required=False, allow_null=True)
    version = VersionField()


class DecideSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Claim.Outcome.choices)
    remedy = serializers.ChoiceField(choices=Claim.Remedy.choices, required=False, allow_blank=True)
    amount = MoneyField(required=False, allow_null=True, min_value=0)
    reason_code = serializers.CharField(max_length=60)
    rationale = serializers.CharField(max_length=10000)
    version = VersionField()


# --- views -----------------------------------------------------------------------------


class ReviewerApi(APIView):
    permission_classes = [IsAuthenticated, StaffSecondFactor]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not request.user.is_reviewer:
            if "reference" in kwargs:
                raise Http404
            raise PermissionDenied("Only support reviewers can use this endpoint.")

    def claim(self, reference: str) -> Claim:
        return sel.review_claim_get(reference=reference)

    def input(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def answer(self, reference: str) -> Response:
        """The claim as it is after the action (a refusal never gets here: the handler answers it)."""
        return Response(ReviewClaimSerializer(self.claim(reference)).data)


QUEUE_FILTERS = ("status", "assigned", "overdue", "partner", "reason", "age", "q", "remedy")


@extend_schema_view(
    get=extend_schema(
        summary="The review queue (support only), most urgent first",
        parameters=[
            OpenApiParameter("status", str, description="open (default), all, or one claim status"),
            OpenApiParameter("assigned", str, enum=["mine", "unassigned"]),
            OpenApiParameter("overdue", str, enum=["1"]),
            OpenApiParameter("partner", str, description="partner slug"),
            OpenApiParameter("reason", str, enum=list(Claim.Reason.values)),
            OpenApiParameter("age", str, enum=list(sel.AGE_BUCKETS)),
            OpenApiParameter("q", str, description="part of a claim reference"),
            OpenApiParameter("remedy", str, enum=["overdue", "disputed"], description="the claim's remedy"),
        ],
    )
)
class ReviewClaimListApi(ReviewerApi, ListAPIView):
    serializer_class = ReviewClaimSerializer
    pagination_class = Pagination
    filter_backends = []

    def get_queryset(self):
        filters = {k: self.request.query_params.get(k) for k in QUEUE_FILTERS}
        return sel.review_queue(user=self.request.user, filters=filters)


class ReviewClaimDetailApi(ReviewerApi):
    @extend_schema(summary="One claim as support sees it (all events)", responses=ReviewClaimDetailSerializer)
    def get(self, request, reference):
        return Response(ReviewClaimDetailSerializer(self.claim(reference)).data)


class ReviewReasonCodesApi(ReviewerApi):
    @extend_schema(
        summary="The active decision reason codes and the outcomes each fits (support only)",
        responses=ReasonCodeSerializer(many=True),
    )
    def get(self, request):
        return Response(ReasonCodeSerializer(sel.review_reason_code_rows(), many=True).data)


class ReviewTakeNextApi(ReviewerApi):
    @extend_schema(
        summary="Assign the most urgent unassigned claim to me",
        request=None,
        responses={200: ReviewClaimSerializer, 204: None},
    )
    def post(self, request):
        claim = services.claim_take_next(reviewer=request.user)
        if claim is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(ReviewClaimSerializer(sel.review_claim_get(reference=claim.reference)).data)


class ReviewAssignApi(ReviewerApi):
    @extend_schema(
        summary="Assign or reassign a claim", request=AssignSerializer, responses=ReviewClaimSerializer
    )
    def post(self, request, reference):
        claim = self.claim(reference)
        data = self.input(AssignSerializer)
        assignee = None
        if data["assignee"]:
            assignee = get_user_model().objects.filter(email__iexact=data["assignee"], is_active=True).first()
            if assignee is None:
                raise ValidationError({"assignee": "No support reviewer has this e-mail address."})
        services.claim_assign(
            claim=claim, reviewer=request.user, assignee=assignee, expected_version=data["version"]
        )
        return self.answer(reference)


class ReviewNoteApi(ReviewerApi):
    @extend_schema(summary="Add an internal note", request=NoteSerializer, responses=ReviewClaimSerializer)
    def post(self, request, reference):
        claim = self.claim(reference)
        data = self.input(NoteSerializer)
        services.claim_note_add(
            claim=claim, reviewer=request.user, text=data["text"], expected_version=data.get("version")
        )
        return self.answer(reference)


class ReviewRequestInfoApi(ReviewerApi):
    @extend_schema(
        summary="Ask the seller or the partner for information",
        request=InfoRequestSerializer,
        responses=ReviewClaimSerializer,
    )
    def post(self, request, reference):
        claim = self.claim(reference)
        data = self.input(InfoRequestSerializer)
        services.claim_info_request(
            claim=claim,
            reviewer=request.user,
            party=data["party"],
            question=data["question"],
            due_at=data.get("due_at"),
            expected_version=data["version"],
        )
        return self.answer(reference)


class ReviewDecideApi(ReviewerApi):
    @extend_schema(
        summary="Decide a claim (a stale version is a 409)",
        request=DecideSerializer,
        responses={200: ReviewClaimSerializer, 409: None},
    )
    def post(self, request, reference):
        claim = self.claim(reference)
        data = self.input(DecideSerializer)
        services.claim_decide(
            claim=claim,
            reviewer=request.user,
            outcome=data["outcome"],
            remedy=data.get("remedy") or "",
            amount=data.get("amount"),
            reason_code=data["reason_code"],
            rationale=data["rationale"],
            expected_version=data["version"],
        )
        return self.answer(reference)
