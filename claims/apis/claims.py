"""REST endpoints for filing and following claims (DESIGN §5).

Every object is found through a scoped selector: a claim or order the caller
may not see is a 404, never a 403, so references cannot be probed. Each endpoint
calls one service; its refusals (`claims.exceptions`, Django's ValidationError)
are answered by `partnernet.api.exception_handler`.
"""

from django.core.exceptions import ValidationError
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from claims import services
from claims.eligibility import claim_eligibility
from claims.models import Claim
from claims.selectors.partner import claim_list_for_partner
from claims.selectors.seller import (
    PARTNER,
    SELLER,
    claim_for_viewer,
    claim_list_for_seller,
    claim_submitted_from_draft,
    order_for_claimant,
)
from claims.serializers import (
    AppealSerializer,
    ClaimDocumentSerializer,
    ClaimDraftSerializer,
    ClaimListSerializer,
    ClaimPageSerializer,
    ClaimSerializer,
    DocumentUploadSerializer,
    EligibilitySerializer,
    InfoAnswerSerializer,
    MessageSerializer,
    OfferAnswerSerializer,
    RespondSerializer,
    VersionSerializer,
    WithdrawSerializer,
)
from partnernet.api import Pagination
from partners.people import is_seller_member

# Endpoints on one claim or order: a signed-out caller gets the same 404 as a stranger.
SCOPED = [AllowAny]


def _claim(request, reference, *roles) -> tuple[Claim, str]:
    claim, role = claim_for_viewer(request.user, reference)
    if claim is None or role is None or (roles and role not in roles):
        raise Http404
    return claim, role


def _claim_response(claim: Claim, role: str, code=status.HTTP_200_OK) -> Response:
    claim = Claim.objects.select_related("order", "partner").prefetch_related("documents").get(pk=claim.pk)
    return Response(ClaimSerializer(claim, context={"role": role}).data, status=code)


class OrderClaimEligibilityApi(APIView):
    permission_classes = SCOPED

    @extend_schema(responses=EligibilitySerializer)
    def get(self, request, reference):
        order = order_for_claimant(request.user, reference)
        if order is None:
            raise Http404
        on_behalf = request.user.is_reviewer and not is_seller_member(request.user, seller_id=order.seller_id)
        result = claim_eligibility(order=order, claimant=request.user, on_behalf=on_behalf)
        return Response(result.as_dict())


class ClaimListCreateApi(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    @extend_schema(responses=ClaimPageSerializer, operation_id="v1_claims_list")
    def get(self, request):
        if request.user.is_seller:
            claims, role = claim_list_for_seller(request.user), SELLER
        elif request.user.is_partner_member:
            claims, role = claim_list_for_partner(request.user), PARTNER
        else:
            claims, role = Claim.objects.none(), SELLER
        status_filter = request.query_params.get("status")
        if status_filter:
            claims = claims.filter(status=status_filter)
        paginator = Pagination()
        page = paginator.paginate_queryset(claims, request, view=self)
        return paginator.get_paginated_response(
            ClaimListSerializer(page, many=True, context={"role": role}).data
        )

    @extend_schema(request=ClaimDraftSerializer, responses={201: ClaimSerializer})
    def post(self, request):
        data = ClaimDraftSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        reference = fields.pop("order", None)
        if not reference:
            raise ValidationError({"order": ["Give the order's reference (SO-…)."]})
        order = order_for_claimant(request.user, reference)
        if order is None:
            raise ValidationError({"order": ["No order with this reference is yours."]})
        claim = services.claim_draft_create(
            order=order, user=request.user, channel=Claim.Channel.API, **fields
        )
        return _claim_response(claim, SELLER, status.HTTP_201_CREATED)


class ClaimDetailApi(APIView):
    permission_classes = SCOPED

    @extend_schema(responses=ClaimSerializer)
    def get(self, request, reference):
        claim, role = _claim(request, reference)
        return _claim_response(claim, role)

    @extend_schema(request=ClaimDraftSerializer, responses=ClaimSerializer)
    def patch(self, request, reference):
        claim, role = _claim(request, reference, SELLER)
        data = ClaimDraftSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        fields.pop("order", None)
        return _claim_response(services.claim_draft_update(claim=claim, user=request.user, **fields), role)


class ClaimDocumentsApi(APIView):
    permission_classes = SCOPED
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(responses=ClaimDocumentSerializer(many=True))
    def get(self, request, reference):
        claim, _role = _claim(request, reference)
        return Response(ClaimDocumentSerializer(claim.documents.all(), many=True).data)

    @extend_schema(request=DocumentUploadSerializer, responses={201: ClaimDocumentSerializer})
    def post(self, request, reference):
        claim, _role = _claim(request, reference, SELLER, PARTNER)
        data = DocumentUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        document = services.claim_document_add(
            claim=claim, user=request.user, file=data.validated_data["file"], kind=data.validated_data["kind"]
        )
        return Response(ClaimDocumentSerializer(document).data, status=status.HTTP_201_CREATED)


class ClaimSubmitApi(APIView):
    permission_classes = SCOPED

    @extend_schema(request=VersionSerializer, responses=ClaimSerializer)
    def post(self, request, reference):
        claim, role = claim_for_viewer(request.user, reference)
        if claim is None:
            # A retry after success names the draft's reference, which the claim no longer
            # has: the seller who submitted it gets the submitted claim, as on the web form.
            submitted = claim_submitted_from_draft(request.user, reference)
            if submitted is None:
                raise Http404
            return _claim_response(submitted, SELLER)
        if role != SELLER:
            raise Http404
        data = VersionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        version = data.validated_data.get("version")
        return _claim_response(
            services.claim_submit(claim=claim, user=request.user, expected_version=version), role
        )


class ClaimMessagesApi(APIView):
    permission_classes = SCOPED

    @extend_schema(request=MessageSerializer, responses={201: ClaimSerializer})
    def post(self, request, reference):
        claim, role = _claim(request, reference, SELLER, PARTNER)
        data = MessageSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.claim_message_add(claim=claim, user=request.user, text=data.validated_data["text"])
        return _claim_response(claim, role, status.HTTP_201_CREATED)


class ClaimAnswerApi(APIView):
    """The seller answers an information request, as the claim page does (same service)."""

    permission_classes = SCOPED

    @extend_schema(
        summary="Answer support's information request (documents go to claims/{ref}/documents/)",
        request=InfoAnswerSerializer,
        responses={200: ClaimSerializer, 409: None},
    )
    def post(self, request, reference):
        claim, role = _claim(request, reference, SELLER)
        data = InfoAnswerSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            services.claim_info_answer(claim=claim, user=request.user, answer=data.validated_data["message"])
        except ValidationError as exc:
            # The service names the page's field ("answer"); the API's is "message".
            raise ValidationError(
                {"message" if k == "answer" else k: v for k, v in exc.message_dict.items()}
            ) from exc
        return _claim_response(claim, role)


class ClaimWithdrawApi(APIView):
    permission_classes = SCOPED

    @extend_schema(request=WithdrawSerializer, responses=ClaimSerializer)
    def post(self, request, reference):
        claim, role = _claim(request, reference, SELLER)
        data = WithdrawSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return _claim_response(
            services.claim_withdraw(
                claim=claim,
                user=request.user,
                expected_version=data.validated_data.get("version"),
                reason=data.validated_data.get("reason", ""),
            ),
            role,
        )


class ClaimAppealApi(APIView):
    permission_classes = SCOPED
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(request=AppealSerializer, responses=ClaimSerializer)
    def post(self, request, reference):
        claim, role = _claim(request, reference, SELLER)
        data = AppealSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        files = [(request.data.get("kind") or "other", f) for f in request.FILES.getlist("file")]
        return _claim_response(
            services.claim_appeal(
                claim=claim,
                user=request.user,
                statement=data.validated_data["statement"],
                files=files,
                expected_version=data.validated_data.get("version"),
            ),
            role,
        )


class ClaimRespondApi(APIView):
    permission_classes = SCOPED
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(request=RespondSerializer, responses=ClaimSerializer)
    def post(self, request, reference):
        claim, role = _claim(request, reference, PARTNER)
        data = RespondSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        files = [(request.data.get("kind") or "other", f) for f in request.FILES.getlist("file")]
        return _claim_response(
            services.claim_partner_respond(
                claim=claim,
                user=request.user,
                statement=v["statement"],
                offer_remedy=v.get("offer_remedy") or None,
                offer_amount=v.get("offer_amount"),
                files=files,
                expected_version=v.get("version"),
            ),
            role,
        )


class ClaimAcceptOfferApi(APIView):
    permission_classes = SCOPED

    @extend_schema(request=OfferAnswerSerializer, responses=ClaimSerializer)
    def post(self, request, reference):
        claim, role = _claim(request, reference, SELLER)
        data = OfferAnswerSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return _claim_response(
            services.claim_offer_accept(
                claim=claim, user=request.user, expected_version=data.validated_data.get("version")
            ),
            role,
        )


class ClaimDeclineOfferApi(APIView):
    permission_classes = SCOPED

    @extend_schema(request=OfferAnswerSerializer, responses=ClaimSerializer)
    def post(self, request, reference):
        claim, role = _claim(request, reference, SELLER)
        data = OfferAnswerSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return _claim_response(
            services.claim_offer_decline(
                claim=claim,
                user=request.user,
                note=data.validated_data.get("note", ""),
                expected_version=data.validated_data.get("version"),
            ),
            role,
        )
