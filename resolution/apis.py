"""/api/v1/orders/{ref}/messages/ and /api/v1/orders/{ref}/issue/… (DESIGN, contract additions).

Views parse input, call one service or selector and render. Refusals are
`DomainError`s, turned into JSON by `partnernet.api.exception_handler`; a
stranger to the order gets a 404 from `order_for_viewer`.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from partnernet.api import Pagination
from partnernet.users.models import User
from resolution.errors import IssueNotAllowed, IssueNotFound, ThreadNotFound
from resolution.models import OrderMessage
from resolution.selectors import (
    issue_actions,
    issue_current,
    issue_escalability,
    issue_events,
    order_for_viewer,
    order_messages,
)
from resolution.serializers import (
    EscalateOutput,
    IssueInput,
    MessageInput,
    MessageOutput,
    RespondInput,
    VersionInput,
    issue_representation,
)
from resolution.services.conversation import message_post
from resolution.services.escalation import issue_escalate
from resolution.services.issues import (
    issue_accept_counter,
    issue_report,
    issue_respond,
    issue_withdraw,
)

IssueOutput = inline_serializer(
    "IssueOutput",
    {
        "reference": serializers.CharField(),
        "order": serializers.CharField(),
        "status": serializers.CharField(),
        "reason": serializers.CharField(),
        "remedy": serializers.CharField(),
        "amount": serializers.CharField(allow_null=True),
        "description": serializers.CharField(),
        "counter_remedy": serializers.CharField(allow_null=True),
        "counter_amount": serializers.CharField(allow_null=True),
        "respond_by": serializers.DateTimeField(),
        "fulfil_by": serializers.DateTimeField(allow_null=True),
        "escalable": serializers.BooleanField(),
        "escalable_reason": serializers.CharField(),
        "claim": serializers.CharField(allow_null=True),
        "version": serializers.IntegerField(),
        "actions": serializers.ListField(child=serializers.CharField()),
        "events": serializers.ListField(child=serializers.DictField()),
    },
)


def order_issue(order: Any) -> Any:
    """The order's issue for an action: the live one, else the latest, so that the loser of a
    race (the other side changed it a moment ago) gets the service's 409, not a 404."""
    issue = issue_current(order)
    if issue is None:
        raise IssueNotFound()
    return issue


def issue_payload(issue: Any, *, user: Any, role: str | None) -> dict[str, Any]:
    claimant = user if role == "seller" else None
    verdict = issue_escalability(issue, claimant=claimant)
    return issue_representation(
        issue,
        events=issue_events(issue),
        escalability=verdict,
        actions=issue_actions(issue, role, escalability=verdict),
    )


def party_user(request: Request) -> User:
    """The caller of a write: `party_order` answered a 404 to anyone who is no party to the
    order (anonymous callers included), so this is a signed-in user."""
    if not isinstance(request.user, User):
        raise ThreadNotFound()
    return request.user


class _OrderApi(GenericAPIView):
    # Anyone may ask; `order_for_viewer` answers a 404 to whoever is no party to the order
    # (anonymous callers included), as the order API does.
    permission_classes = [AllowAny]
    pagination_class: type[Pagination] | None = None
    serializer_class = MessageOutput

    def viewer(self, reference: str) -> tuple[Any, str]:
        return order_for_viewer(self.request.user, reference)

    def party_order(self, reference: str) -> tuple[Any, str]:
        """Writes are for the two sides only: support reads, and is told it may not write."""
        order, role = self.viewer(reference)
        if role == "staff":
            raise ThreadNotFound()
        return order, role


class OrderMessagesApi(_OrderApi):
    """The order's thread, oldest first, paginated; POST adds a message (JSON or multipart)."""

    parser_classes = [JSONParser, MultiPartParser, FormParser]
    pagination_class = Pagination
    queryset = OrderMessage.objects.none()  # for the schema; rows come from order_messages()

    @extend_schema(responses=MessageOutput(many=True))
    def get(self, request: Request, reference: str) -> Response:
        order, _role = self.viewer(reference)
        page = self.paginate_queryset(order_messages(order))
        return self.get_paginated_response(MessageOutput(page, many=True).data)

    @extend_schema(request=MessageInput, responses={201: MessageOutput})
    def post(self, request: Request, reference: str) -> Response:
        order, _role = self.party_order(reference)
        data = MessageInput(data=request.data)
        data.is_valid(raise_exception=True)
        message = message_post(
            order=order,
            user=party_user(request),
            body=data.validated_data.get("body", ""),
            file=data.validated_data.get("file"),
        )
        message = order_messages(order).get(pk=message.pk)
        return Response(MessageOutput(message).data, status=status.HTTP_201_CREATED)


class OrderIssueApi(_OrderApi):
    """The order's issue (the live one, else the latest); POST reports a problem."""

    parser_classes = [JSONParser, FormParser, MultiPartParser]

    @extend_schema(responses={200: IssueOutput, 404: OpenApiResponse(description="No issue")})
    def get(self, request: Request, reference: str) -> Response:
        order, role = self.viewer(reference)
        issue = issue_current(order)
        if issue is None:
            raise IssueNotFound()
        return Response(issue_payload(issue, user=request.user, role=role))

    @extend_schema(request=IssueInput, responses={201: IssueOutput})
    def post(self, request: Request, reference: str) -> Response:
        order, role = self.party_order(reference)
        data = IssueInput(data=request.data)
        data.is_valid(raise_exception=True)
        issue = issue_report(order=order, user=party_user(request), **data.validated_data)
        return Response(issue_payload(issue, user=request.user, role=role), status=status.HTTP_201_CREATED)


class IssueRespondApi(_OrderApi):
    """The partner's answer: accept (fulfil_by), counter (remedy, amount, fulfil_by) or decline (message)."""

    @extend_schema(request=RespondInput, responses={200: IssueOutput})
    def post(self, request: Request, reference: str) -> Response:
        order, role = self.party_order(reference)
        issue = order_issue(order)
        if role != "partner":
            raise IssueNotAllowed(_("Only the partner's members can answer the issue."))
        data = RespondInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        version = values.pop("version", None)
        issue = issue_respond(issue=issue, user=party_user(request), expected_version=version, **values)
        return Response(issue_payload(issue, user=request.user, role=role))


class IssueAcceptCounterApi(_OrderApi):
    @extend_schema(request=VersionInput, responses={200: IssueOutput})
    def post(self, request: Request, reference: str) -> Response:
        order, role = self.party_order(reference)
        data = VersionInput(data=request.data)
        data.is_valid(raise_exception=True)
        issue = issue_accept_counter(
            issue=order_issue(order),
            user=party_user(request),
            expected_version=data.validated_data.get("version"),
        )
        return Response(issue_payload(issue, user=request.user, role=role))


class IssueWithdrawApi(_OrderApi):
    @extend_schema(request=VersionInput, responses={200: IssueOutput})
    def post(self, request: Request, reference: str) -> Response:
        order, role = self.party_order(reference)
        data = VersionInput(data=request.data)
        data.is_valid(raise_exception=True)
        issue = issue_withdraw(
            issue=order_issue(order),
            user=party_user(request),
            message=data.validated_data.get("message", ""),
            expected_version=data.validated_data.get("version"),
        )
        return Response(issue_payload(issue, user=request.user, role=role))


class IssueEscalateApi(_OrderApi):
    """The seller asks support to step in → {claim: <draft reference>, url: the claim wizard}."""

    @extend_schema(request=None, responses={200: EscalateOutput})
    def post(self, request: Request, reference: str) -> Response:
        order, _role = self.party_order(reference)
        claim = issue_escalate(issue=order_issue(order), user=party_user(request))
        url = reverse("claims:step_details", kwargs={"reference": claim.reference})
        return Response({"claim": claim.reference, "url": url})
