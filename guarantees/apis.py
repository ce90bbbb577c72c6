"""REST API of the guarantee programme: public guarantee, console terms, console enrolment."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from guarantees import selectors
from guarantees.serializers import (
    ChecklistItemSerializer,
    ConsoleTermsStateSerializer,
    DraftInput,
    EnrollmentActionInput,
    EnrollmentEventSerializer,
    EnrollmentStateSerializer,
    PartnerGuaranteeSerializer,
    RequirementSerializer,
    TermsSerializer,
)
from guarantees.services import (
    enrollment_apply,
    enrollment_checklist,
    enrollment_withdraw,
    terms_discard_draft,
    terms_problems,
    terms_publish,
    terms_save_draft,
)
from partners import people
from partners.errors import RuleBroken
from partners.models import ServicePartner

IMMUTABLE = gettext_lazy(
    "Published guarantee terms cannot be changed or deleted; save a draft and publish a new version."
)


def _member_partner(request):
    partner = people.member_partner(request.user)
    if partner is None:
        raise Http404
    return partner


class PartnerGuaranteeApi(APIView):
    """The partner's badge, its current published terms (null without the badge) and public figures."""

    permission_classes = [AllowAny]

    @extend_schema(responses=PartnerGuaranteeSerializer)
    def get(self, request, slug):
        partner = get_object_or_404(ServicePartner, slug=slug, is_listed=True)
        data = selectors.partner_guarantee_public(partner=partner)
        return Response(PartnerGuaranteeSerializer(data).data)


def _console_state(partner) -> dict:
    draft = selectors.terms_draft(partner=partner)
    versions = list(selectors.terms_versions(partner=partner))
    current = next((t for t in versions if t.is_current), None)
    return {
        "current_version": current.version if current else None,
        "draft": TermsSerializer(draft).data if draft else None,
        "draft_problems": terms_problems(terms=draft) if draft else {},
        "versions": TermsSerializer(versions, many=True).data,
        "requirements": RequirementSerializer(selectors.requirements_active(), many=True).data,
    }


class ConsoleTermsApi(APIView):
    """GET: versions, draft, requirements. POST: create or replace the draft (`publish: true` publishes it).

    DELETE discards the draft (published versions are never deleted).
    """

    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="console_guarantee_terms_list", responses=ConsoleTermsStateSerializer)
    def get(self, request):
        return Response(_console_state(_member_partner(request)))

    @extend_schema(
        request=DraftInput,
        # The console's whole state after the save: 200 for a draft, 201 when it was published.
        responses={200: ConsoleTermsStateSerializer, 201: ConsoleTermsStateSerializer},
    )
    def post(self, request):
        partner = _member_partner(request)
        payload = DraftInput(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        req_keys = {r.key for r in selectors.requirements_active()}
        values, extras = {}, []
        for item in data["parameters"]:
            key = (item.get("key") or "").strip()
            if key in req_keys:
                values[key] = item["value"]
            else:
                extras.append(
                    {"label": item.get("label") or key, "value": item["value"], "unit": item.get("unit", "")}
                )
        draft = terms_save_draft(
            partner=partner, user=request.user, summary=data["summary"], values=values, extras=extras
        )
        if data["publish"]:
            terms_publish(partner=partner, user=request.user, expected_draft_id=draft.pk)
        return Response(_console_state(partner), status=status.HTTP_201_CREATED if data["publish"] else 200)

    @extend_schema(operation_id="console_guarantee_terms_discard_draft", responses={204: None})
    def delete(self, request):
        partner = _member_partner(request)
        terms_discard_draft(partner=partner, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ConsoleTermsPublishApi(APIView):
    """Publish the draft as version N+1 (optionally only if it is still draft `draft_id`)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=inline_serializer("PublishInput", {"draft_id": serializers.IntegerField(required=False)}),
        responses={201: TermsSerializer},
    )
    def post(self, request):
        partner = _member_partner(request)
        raw = request.data.get("draft_id") if hasattr(request.data, "get") else None
        draft_id = None
        if raw not in (None, ""):
            try:
                draft_id = int(raw)
            except (TypeError, ValueError):
                raise RuleBroken(_("draft_id must be a number."), fields={"draft_id": [_("Enter a number.")]})
        published = terms_publish(partner=partner, user=request.user, expected_draft_id=draft_id)
        published = selectors.terms_version_get(partner=partner, version=published.version)
        return Response(TermsSerializer(published).data, status=status.HTTP_201_CREATED)


class ConsoleTermsVersionApi(APIView):
    """One published version. It cannot be changed or deleted: those methods answer 405 and say why."""

    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="console_guarantee_terms_version", responses=TermsSerializer)
    def get(self, request, version):
        terms = selectors.terms_version_get(partner=_member_partner(request), version=version)
        if terms is None:
            raise Http404
        return Response(TermsSerializer(terms).data)

    def _refuse(self, request, version):
        if selectors.terms_version_get(partner=_member_partner(request), version=version) is None:
            raise Http404
        return Response(
            {"detail": IMMUTABLE, "code": "terms_immutable"},
            status=status.HTTP_405_METHOD_NOT_ALLOWED,
            headers={"Allow": "GET, HEAD, OPTIONS"},
        )

    @extend_schema(exclude=True)
    def put(self, request, version):
        return self._refuse(request, version)

    @extend_schema(exclude=True)
    def patch(self, request, version):
        return self._refuse(request, version)

    @extend_schema(exclude=True)
    def delete(self, request, version):
        return self._refuse(request, version)


def _enrollment_state(partner) -> dict:
    enrollment = selectors.enrollment_for(partner=partner)
    partner.refresh_from_db(fields=["badge_active"])
    return {
        "status": enrollment.status if enrollment else "not_enrolled",
        "badge": partner.badge_active,
        "reason": enrollment.reason if enrollment else "",
        "checklist": ChecklistItemSerializer(enrollment_checklist(partner=partner), many=True).data,
        "events": EnrollmentEventSerializer(enrollment.events.all() if enrollment else [], many=True).data,
    }


class ConsoleEnrollmentApi(APIView):
    """GET: status, badge, the checklist of what is missing, history. POST `action`: apply or withdraw."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=EnrollmentStateSerializer)
    def get(self, request):
        return Response(_enrollment_state(_member_partner(request)))

    @extend_schema(request=EnrollmentActionInput, responses=EnrollmentStateSerializer)
    def post(self, request):
        partner = _member_partner(request)
        payload = EnrollmentActionInput(data=request.data)
        payload.is_valid(raise_exception=True)
        if payload.validated_data["action"] == "apply":
            enrollment_apply(partner=partner, user=request.user)
        else:
            enrollment_withdraw(partner=partner, user=request.user, reason=payload.validated_data["reason"])
        return Response(_enrollment_state(partner))
