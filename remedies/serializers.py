"""REST shapes of a remedy (DESIGN §9 contract additions)."""

from rest_framework import serializers

from remedies.models import Remedy, RemedyEvent


class RemedyEventSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=RemedyEvent.Kind.choices)
    status = serializers.CharField()
    message = serializers.CharField()
    created_at = serializers.DateTimeField()


class RemedySerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Remedy.Status.choices)
    kind = serializers.ChoiceField(choices=Remedy.Kind.choices)
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    scope = serializers.CharField()
    due_on = serializers.DateField()
    overdue = serializers.SerializerMethodField()
    claim = serializers.SerializerMethodField()
    order = serializers.CharField(source="order.reference")
    payment_reference = serializers.CharField()
    paid_amount = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    paid_on = serializers.DateField(allow_null=True)
    note = serializers.CharField()
    has_document = serializers.SerializerMethodField()
    fulfilled_at = serializers.DateTimeField(allow_null=True)
    confirmed_at = serializers.DateTimeField(allow_null=True)
    confirmation = serializers.CharField()
    disputed_at = serializers.DateTimeField(allow_null=True)
    dispute_reason = serializers.CharField()
    version = serializers.IntegerField()
    events = RemedyEventSerializer(many=True, source="events.all")

    def get_overdue(self, remedy) -> bool:
        return remedy.overdue_at is not None

    def get_claim(self, remedy) -> str | None:
        return remedy.claim.reference if remedy.claim_id else None

    def get_has_document(self, remedy) -> bool:
        return bool(remedy.document)


class RemedyFulfilSerializer(serializers.Serializer):
    payment_reference = serializers.CharField(required=False, allow_blank=True, max_length=64, default="")
    amount = serializers.CharField(required=False, allow_blank=True, max_length=20, default="")
    paid_on = serializers.CharField(required=False, allow_blank=True, max_length=20, default="")
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")
    document = serializers.FileField(required=False, allow_null=True, default=None)
    version = serializers.IntegerField(required=False, allow_null=True, default=None)


class RemedyDisputeSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")
    version = serializers.IntegerField(required=False, allow_null=True, default=None)


class RemedyVersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False, allow_null=True, default=None)
