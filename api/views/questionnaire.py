"""The questionnaire definition of a year, for reporters' systems."""

from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response as ApiResponse
from rest_framework.views import APIView

from api.access import survey_or_404
from api.definition import definition_document
from api.serializers import QuestionnaireSerializer
from api.views.common import YEAR, documented


class QuestionnaireView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=["reporting"],
        operation_id="questionnaire",
        parameters=[YEAR],
        responses=documented({200: QuestionnaireSerializer}),
        summary="Sections, questions, variables, types, options, conditions and texts (nb, nn, en)",
    )
    def get(self, request, year: int):
        return ApiResponse(definition_document(survey_or_404(year).questionnaire))
