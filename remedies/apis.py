"""REST endpoints of a remedy, under its claim or its order's issue (DESIGN §9 additions).

Found through the scoped selectors (a stranger's remedy is a 404); the services
check the side again and raise DomainErrors, which the API's handler answers.
"""

from drf_spectacular.utils import extend_schema
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from partnernet.errors import NotFound
from remedies import selectors, services
from remedies.serializers import (
    RemedyDisputeSerializer,
    RemedyFulfilSerializer,
    RemedySerializer,
    RemedyVersionSerializer,
)


class _RemedyApi(APIView):
    # A signed-out caller gets the same 404 as a stranger.
    permission_classes = [AllowAny]
    source = "claim"

    def remedy(self, request, reference):
        if not request.user.is_authenticated:
            raise NotFound()
        find = selectors.remedy_for_claim if self.source == "claim" else selectors.remedy_for_order_issue
        return find(user=request.user, reference=reference)

    def answer(self, remedy):
        return Response(RemedySerializer(selectors.remedy_queryset().get(pk=remedy.pk)).data)


class RemedyDetailApi(_RemedyApi):
    @extend_schema(responses=RemedySerializer)
    def get(self, request, reference):
        remedy, _role = self.remedy(request, reference)
        return Response(RemedySerializer(remedy).data)


class RemedyFulfilApi(_RemedyApi):
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(request=RemedyFulfilSerializer, responses=RemedySerializer)
    def post(self, request, reference):
        remedy, _role = self.remedy(request, reference)
        data = RemedyFulfilSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        services.remedy_fulfil(
            remedy=remedy, user=request.user, expected_version=values.pop("version"), **values
        )
        return self.answer(remedy)


class RemedyConfirmApi(_RemedyApi):
    @extend_schema(request=RemedyVersionSerializer, responses=RemedySerializer)
    def post(self, request, reference):
        remedy, _role = self.remedy(request, reference)
        data = RemedyVersionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.remedy_confirm(
            remedy=remedy, user=request.user, expected_version=data.validated_data["version"]
        )
        return self.answer(remedy)


class RemedyDisputeApi(_RemedyApi):
    @extend_schema(request=RemedyDisputeSerializer, responses=RemedySerializer)
    def post(self, request, reference):
        remedy, _role = self.remedy(request, reference)
        data = RemedyDisputeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.remedy_dispute(
            remedy=remedy,
            user=request.user,
            reason=data.validated_data["reason"],
            expected_version=data.validated_data["version"],
        )
        return self.answer(remedy)
