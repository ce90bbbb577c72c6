"""REST shapes of claims (DESIGN §5). `ClaimSerializer` needs `role` in its context
("seller", "partner" or "support"): it decides which events are shown."""

from django.urls import reverse
from django.utils import timezone
from rest_framework import serializers

from claims.models import Claim, ClaimDocument, ClaimEvent
from claims.selectors.seller import PARTNER, SELLER, events_for
from claims.services.documents import document_token
from partnernet.api_fields import MoneyField
from partnernet.business_days import IST


class IstDateTimeField(serializers.DateTimeField):
    def to_representation(self, value):
        return timezone.localtime(value, IST).isoformat() if value else None


class EligibilitySerializer(serializers.Serializer):
    eligible = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.DictField(child=serializers.CharField()))
    deadline = serializers.CharField(allow_null=True)


class ClaimDocumentSerializer(serializers.ModelSerializer):
    id = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    uploaded_at = IstDateTimeField()

    class Meta:
        model = ClaimDocument
        fields = [
            "id",
            "kind",
            "party",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "uploaded_at",
            "url",
        ]

    def get_id(self, obj) -> str:
        return document_token(obj)

    def get_url(self, obj) -> str:
        return reverse(
            "claims:document", kwargs={"reference": obj.claim.reference, "token": document_token(obj)}
        )


class ClaimEventSerializer(serializers.ModelSerializer):
    label = serializers.CharField(source="get_kind_display")  # type: ignore[assignment]  # stubs: not Field.label
    created_at = IstDateTimeField()
    by = serializers.SerializerMethodField()

    class Meta:
        model = ClaimEvent
        fields = ["kind", "label", "message", "by", "visibility", "created_at"]

    def get_by(self, obj) -> str | None:
        return event_party(obj)


def event_party(event: ClaimEvent) -> str | None:
    """Who acted, by role (support staff are not named to the parties)."""
    claim, actor_id = event.claim, event.actor_id
    if actor_id is None:
        return "system"
    if actor_id == claim.claimant_id or event.kind in (ClaimEvent.Kind.DRAFTED, ClaimEvent.Kind.SUBMITTED):
        return "seller"
    if (
        event.kind
        in (
            ClaimEvent.Kind.PARTNER_RESPONDED,
            ClaimEvent.Kind.OFFER_MADE,
        )
        or event.visibility == ClaimEvent.Visibility.PARTNER
    ):
        return "partner"
    if event.visibility == ClaimEvent.Visibility.SELLER:
        return "seller"
    return "support"


class ClaimSerializer(serializers.ModelSerializer):
    order = serializers.CharField(source="order.reference")
    partner = serializers.CharField(source="partner.slug")
    amount = MoneyField(allow_null=True)
    agreed_price = MoneyField(allow_null=True)
    documents = ClaimDocumentSerializer(many=True, read_only=True)
    events = serializers.SerializerMethodField()
    offer = serializers.SerializerMethodField()
    decision = serializers.SerializerMethodField()
    submitted_at = IstDateTimeField(allow_null=True)
    partner_response_due = IstDateTimeField(allow_null=True)
    decision_due = IstDateTimeField(allow_null=True)
    appeal_deadline = IstDateTimeField(allow_null=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Claim
        fields = [
            "reference",
            "order",
            "partner",
            "status",
            "outcome",
            "channel",
            "reason",
            "description",
            "resolution_attempt",
            "resolution_confirmed",
            "remedy",
            "amount",
            "agreed_price",
            "submitted_at",
            "partner_response_due",
            "decision_due",
            "appeal_deadline",
            "offer",
            "decision",
            "documents",
            "events",
            "version",
            "url",
        ]

    def get_events(self, obj) -> list[dict]:
        role = self.context.get("role", SELLER)
        events = events_for(obj, role)
        return ClaimEventSerializer(events, many=True).data  # type: ignore[return-value]  # stubs: a ReturnList

    def get_offer(self, obj) -> dict | None:
        if not obj.offer_status:
            return None
        return {
            "status": obj.offer_status,
            "remedy": obj.offer_remedy,
            "amount": str(obj.offer_amount) if obj.offer_amount is not None else None,
            "made_at": timezone.localtime(obj.offer_made_at, IST).isoformat() if obj.offer_made_at else None,
        }

    def get_decision(self, obj) -> dict | None:
        if not obj.decided_at:
            return None
        return {
            "outcome": obj.outcome,
            "remedy": obj.decision_remedy,
            "amount": str(obj.decision_amount) if obj.decision_amount is not None else None,
            "rationale": obj.rationale,
            "decided_at": timezone.localtime(obj.decided_at, IST).isoformat(),
            "is_final": obj.is_final,
        }

    def get_url(self, obj) -> str:
        if self.context.get("role") == PARTNER:
            return reverse("claims:console_detail", kwargs={"reference": obj.reference})
        return obj.get_absolute_url()


class ClaimListSerializer(ClaimSerializer):
    class Meta(ClaimSerializer.Meta):
        fields = [
            "reference",
            "order",
            "partner",
            "status",
            "outcome",
            "reason",
            "remedy",
            "amount",
            "submitted_at",
            "partner_response_due",
            "version",
            "url",
        ]


class ClaimPageSerializer(serializers.Serializer):
    """One page of `GET claims/` (partnernet.api.Pagination)."""

    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = ClaimListSerializer(many=True)


class ClaimDraftSerializer(serializers.Serializer):
    """`POST claims/` (needs `order`) and `PATCH claims/{ref}/`: every field may be left for later."""

    order = serializers.CharField(max_length=20, required=False)
    reason = serializers.ChoiceField(choices=Claim.Reason.choices, required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    resolution_attempt = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    resolution_confirmed = serializers.BooleanField(required=False)
    remedy = serializers.ChoiceField(choices=Claim.Remedy.choices, required=False, allow_blank=True)
    amount = MoneyField(required=False, allow_null=True, min_value=0)


class DocumentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(allow_empty_file=True)
    kind = serializers.ChoiceField(choices=ClaimDocument.Kind.choices)


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, min_value=1)


class MessageSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=5000)


class InfoAnswerSerializer(serializers.Serializer):
    """`POST claims/{ref}/answer/`: the seller's answer to support's open question."""

    message = serializers.CharField(max_length=10000)


class WithdrawSerializer(VersionSerializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class AppealSerializer(VersionSerializer):
    statement = serializers.CharField(max_length=10000)


class RespondSerializer(VersionSerializer):
    statement = serializers.CharField(max_length=10000)
    offer_remedy = serializers.ChoiceField(choices=Claim.Remedy.choices, required=False, allow_blank=True)
    offer_amount = MoneyField(required=False, allow_null=True, min_value=0)


class OfferAnswerSerializer(VersionSerializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)
