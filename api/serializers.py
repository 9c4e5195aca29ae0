"""The API's documents. Output serializers describe what the views return (and so the OpenAPI schema);
input serializers check the shape of a request before a service checks its meaning."""

from rest_framework import serializers


class ProblemErrorSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="The failing field or variable id")
    detail = serializers.CharField()


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem document."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    errors = ProblemErrorSerializer(many=True, required=False)
    current_version = serializers.IntegerField(required=False)
    findings = serializers.ListField(child=serializers.DictField(), required=False)


class MunicipalitySerializer(serializers.Serializer):
    number = serializers.CharField()
    name = serializers.CharField()


class ResponseSummarySerializer(serializers.Serializer):
    municipality = MunicipalitySerializer()
    status = serializers.CharField()
    editing_status = serializers.CharField()
    version = serializers.IntegerField()
    first_submitted_at = serializers.DateTimeField(allow_null=True)
    submitted_at = serializers.DateTimeField(allow_null=True)
    last_changed_at = serializers.DateTimeField(allow_null=True)


class ResponseSerializer(ResponseSummarySerializer):
    year = serializers.IntegerField()
    sent_back_message = serializers.CharField(allow_blank=True)
    values = serializers.DictField(child=serializers.CharField(allow_blank=True), help_text="Raw values")
    edited_values = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        allow_null=True,
        help_text="Raw values overlaid with editors' corrections; editors only (null for reporters)",
    )


class ValuesPatchSerializer(serializers.Serializer):
    values = serializers.DictField(
        child=serializers.CharField(allow_blank=True, allow_null=True, trim_whitespace=False),
        allow_empty=False,
        help_text="Variable id -> value in the interchange text encoding; empty or null clears the answer",
    )


class FindingSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["invalid", "missing", "rule"])
    severity = serializers.CharField()
    variables = serializers.ListField(child=serializers.CharField())
    message = serializers.CharField()
    section_id = serializers.CharField(allow_null=True)
    rule_id = serializers.CharField(allow_blank=True)
    explanation = serializers.CharField(allow_blank=True)
    blocks = serializers.BooleanField(help_text="Blocks submission until corrected or explained")


class ExplanationInputSerializer(serializers.Serializer):
    rule_id = serializers.CharField(max_length=20)
    variables = serializers.ListField(child=serializers.CharField(max_length=100), allow_empty=False, max_length=50)
    text = serializers.CharField(allow_blank=True, max_length=5000, help_text="Empty removes the explanation")


class ExplanationsSerializer(serializers.Serializer):
    explanations = ExplanationInputSerializer(many=True, allow_empty=False)


class FlagSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    rule_id = serializers.CharField()
    variables = serializers.ListField(child=serializers.CharField(), source="variable_list")
    severity = serializers.CharField()
    message = serializers.CharField()
    score = serializers.FloatField()
    status = serializers.CharField()
    status_reason = serializers.CharField(allow_blank=True)
    seen = serializers.DictField()
    suggestion = serializers.DictField()
    first_seen_at = serializers.DateTimeField()
    last_seen_at = serializers.DateTimeField()


class QueueEntrySerializer(serializers.Serializer):
    municipality = MunicipalitySerializer()
    status = serializers.CharField()
    editing_status = serializers.CharField()
    top_score = serializers.FloatField(allow_null=True)
    total_score = serializers.FloatField(allow_null=True)
    open_count = serializers.IntegerField()
    assigned_editor = serializers.CharField(allow_null=True, source="assigned_editor.username", default=None)


class ChangeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    municipality = serializers.CharField(source="response.municipality.number")
    variable = serializers.CharField()
    layer = serializers.CharField()
    old_value = serializers.CharField(allow_blank=True)
    new_value = serializers.CharField(allow_blank=True)
    source = serializers.CharField()
    client = serializers.CharField(allow_blank=True, help_text="The API token's name, for writes through the API")
    user = serializers.CharField(allow_null=True, source="user.username", default=None)
    reason = serializers.CharField(allow_blank=True)
    at = serializers.DateTimeField()


class ChangePageSerializer(serializers.Serializer):
    results = ChangeSerializer(many=True)
    next = serializers.CharField(allow_null=True, help_text="The URL of the next page; null when this is the last")


class TextsSerializer(serializers.Serializer):
    nb = serializers.CharField(allow_blank=True)
    nn = serializers.CharField(allow_blank=True)
    en = serializers.CharField(allow_blank=True)


class OptionSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = TextsSerializer()


class VariableSerializer(serializers.Serializer):
    id = serializers.CharField()
    type = serializers.CharField()
    options = OptionSerializer(many=True)
    min = serializers.IntegerField(allow_null=True)
    max = serializers.IntegerField(allow_null=True)
    decimals = serializers.IntegerField(allow_null=True)
    block = serializers.CharField(allow_null=True)
    row = serializers.CharField(allow_null=True)
    column = serializers.CharField(allow_null=True)
    shown_when = serializers.ListField(
        child=serializers.CharField(), help_text="All must hold (besides the question's)"
    )


class QuestionSerializer(serializers.Serializer):
    id = serializers.CharField()
    number = serializers.CharField(allow_null=True)
    type = serializers.CharField()
    label = TextsSerializer()
    help = TextsSerializer(allow_null=True)
    unit = serializers.CharField(allow_null=True)
    shown_when = serializers.CharField(allow_null=True)
    variables = VariableSerializer(many=True)


class SectionSerializer(serializers.Serializer):
    id = serializers.CharField()
    number = serializers.CharField()
    part = serializers.CharField(allow_null=True)
    title = TextsSerializer()
    shown_when = serializers.CharField(allow_null=True)
    questions = QuestionSerializer(many=True)


class QuestionnaireSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    version = serializers.CharField()
    title = TextsSerializer()
    sections = SectionSerializer(many=True)


class TableEntrySerializer(serializers.Serializer):
    id = serializers.CharField()
    slug = serializers.CharField()
    title = serializers.CharField()
    url = serializers.CharField()


class JsonStatSerializer(serializers.Serializer):
    """A JSON-stat 2.0 dataset (https://json-stat.org/format/)."""

    version = serializers.CharField()
    # "class" is a Python keyword: declared below
    label = serializers.CharField()
    source = serializers.CharField()
    id = serializers.ListField(child=serializers.CharField())
    size = serializers.ListField(child=serializers.IntegerField())
    dimension = serializers.DictField()
    value = serializers.ListField(child=serializers.FloatField(allow_null=True))
    status = serializers.DictField(child=serializers.CharField(), required=False)
    note = serializers.ListField(child=serializers.CharField(), required=False)
    extension = serializers.DictField()


JsonStatSerializer._declared_fields["class"] = serializers.ChoiceField(choices=["dataset"])
