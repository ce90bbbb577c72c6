"""REST shapes of the guarantee programme (DESIGN §5)."""

from rest_framework import serializers

# Type ignores below: the stubs are wrong. A field named like an attribute of Field
# (`label`, `help_text`) is not that attribute (the serializer metaclass takes declared
# fields off the class), and `many=True` hands `max_length` to the ListSerializer.


class ParameterSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # stubs: see the top
    value = serializers.CharField()
    unit = serializers.CharField(allow_blank=True)


class TermsSerializer(serializers.Serializer):
    version = serializers.IntegerField(allow_null=True)
    status = serializers.CharField()
    is_current = serializers.BooleanField()
    published_at = serializers.DateTimeField(allow_null=True)
    summary = serializers.CharField(allow_blank=True)
    parameters = ParameterSerializer(many=True, source="parameters.all")


class PublicTermsSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    published_at = serializers.DateTimeField()
    summary = serializers.CharField(allow_blank=True)
    parameters = ParameterSerializer(many=True, source="parameters.all")


class FiguresSerializer(serializers.Serializer):
    enough_data = serializers.BooleanField()
    min_orders = serializers.IntegerField()
    window_days = serializers.IntegerField()
    computed_at = serializers.DateTimeField(allow_null=True)
    completed_covered_orders = serializers.IntegerField(allow_null=True)
    claims_filed = serializers.IntegerField(allow_null=True)
    claims_upheld = serializers.IntegerField(allow_null=True)
    upheld_percent = serializers.FloatField(allow_null=True)
    on_time_percent = serializers.FloatField(allow_null=True)
    median_first_response_hours = serializers.FloatField(allow_null=True)
    remedies_due = serializers.IntegerField(allow_null=True)
    remedies_on_time_percent = serializers.FloatField(allow_null=True)


class PartnerGuaranteeSerializer(serializers.Serializer):
    badge = serializers.BooleanField()
    terms = PublicTermsSerializer(allow_null=True)
    figures = FiguresSerializer()


class DraftParameterInput(serializers.Serializer):
    key = serializers.CharField(required=False, allow_blank=True, max_length=60)
    label = serializers.CharField(required=False, allow_blank=True, max_length=120)  # type: ignore[assignment]  # stubs: see the top
    value = serializers.CharField(allow_blank=True, max_length=250)
    unit = serializers.CharField(required=False, allow_blank=True, max_length=30)


class DraftInput(serializers.Serializer):
    summary = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")
    parameters = DraftParameterInput(many=True, max_length=50)  # type: ignore[call-arg]  # stubs: see the top
    publish = serializers.BooleanField(required=False, default=False)


class RequirementSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # stubs: see the top
    help_text = serializers.CharField()  # type: ignore[assignment]  # stubs: see the top
    value_type = serializers.CharField()
    unit = serializers.CharField()
    choices = serializers.ListField(child=serializers.CharField(), source="choice_list")
    floor = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)
    floor_direction = serializers.CharField()


class ChecklistItemSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # stubs: see the top
    ok = serializers.BooleanField()
    detail = serializers.CharField(allow_blank=True)


class EnrollmentEventSerializer(serializers.Serializer):
    kind = serializers.CharField()
    reason = serializers.CharField(allow_blank=True)
    created_at = serializers.DateTimeField()


class EnrollmentActionInput(serializers.Serializer):
    action = serializers.ChoiceField(choices=["apply", "withdraw"])
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class ConsoleTermsStateSerializer(serializers.Serializer):
    current_version = serializers.IntegerField(allow_null=True)
    draft = TermsSerializer(allow_null=True)
    draft_problems = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
    versions = TermsSerializer(many=True)
    requirements = RequirementSerializer(many=True)


class EnrollmentStateSerializer(serializers.Serializer):
    status = serializers.CharField()
    badge = serializers.BooleanField()
    reason = serializers.CharField(allow_blank=True)
    checklist = ChecklistItemSerializer(many=True)
    events = EnrollmentEventSerializer(many=True)
