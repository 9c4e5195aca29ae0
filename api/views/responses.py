"""One municipality's response: read (reporters their own, editors any), PATCH values, findings, explanations
and submission (reporters of the municipality only)."""

from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response as ApiResponse
from rest_framework.views import APIView

from api import reporting
from api.access import client_name, member_entry, readable_response
from api.serializers import (
    ExplanationsSerializer,
    FindingSerializer,
    ResponseSerializer,
    ValuesPatchSerializer,
)
from api.views.common import ETAG, IF_MATCH, KOMMUNE, YEAR, documented, etag, if_match_version
from surveys.services.edited import edited_values

TAG = ["reporting"]


def response_document(response, *, edited: bool) -> dict:
    m = response.municipality
    return {
        "year": response.survey.year,
        "municipality": {"number": m.number, "name": m.name},
        "status": response.status,
        "editing_status": response.editing_status,
        "version": response.version,
        "first_submitted_at": response.first_submitted_at,
        "submitted_at": response.submitted_at,
        "last_changed_at": response.last_changed_at if response.pk else None,
        "sent_back_message": response.sent_back_message,
        "values": dict(response.raw_values),
        "edited_values": edited_values(response) if edited else None,
    }


def _answer(response, *, edited: bool = False, status: int = 200) -> ApiResponse:
    body = ResponseSerializer(response_document(response, edited=edited)).data
    return ApiResponse(body, status=status, headers={"ETag": etag(response.version)})


class ResponseView(APIView):
    @extend_schema(
        tags=TAG,
        operation_id="response_read",
        parameters=[YEAR, KOMMUNE, ETAG],
        responses=documented({200: ResponseSerializer}),
        summary="A municipality's response (ETag: its version)",
    )
    def get(self, request, year: int, kommune: str):
        response, as_editor = readable_response(request, year, kommune)
        return _answer(response, edited=as_editor)

    @extend_schema(
        tags=TAG,
        operation_id="response_update",
        parameters=[YEAR, KOMMUNE, IF_MATCH, ETAG],
        request=ValuesPatchSerializer,
        responses=documented({200: ResponseSerializer}, 409, 412, 422, 428),
        summary="Save values (variable id -> text) against the version read (If-Match)",
    )
    def patch(self, request, year: int, kommune: str):
        payload = ValuesPatchSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        version = if_match_version(request)
        with transaction.atomic():
            entry = member_entry(request, year, kommune, lock=True)
            response = reporting.patch_values(
                entry,
                payload.validated_data["values"],
                user=request.user,
                client=client_name(request),
                if_match=version,
            )
        return _answer(response)


class FindingsView(APIView):
    @extend_schema(
        tags=TAG,
        operation_id="response_findings",
        parameters=[YEAR, KOMMUNE],
        responses=documented({200: FindingSerializer(many=True)}),
        summary="Invalid values, missing answers and rule hits, with their explanations, as the form shows them",
    )
    def get(self, request, year: int, kommune: str):
        entry = member_entry(request, year, kommune)
        return ApiResponse(FindingSerializer(reporting.findings(entry), many=True).data)


class ExplanationsView(APIView):
    @extend_schema(
        tags=TAG,
        operation_id="response_explain",
        parameters=[YEAR, KOMMUNE],
        request=ExplanationsSerializer,
        responses=documented({200: FindingSerializer(many=True)}, 409, 422),
        summary="Explain rule hits (or answer SSB's questions on a sent-back response); an empty text removes one",
    )
    def post(self, request, year: int, kommune: str):
        payload = ExplanationsSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        with transaction.atomic():
            entry = member_entry(request, year, kommune, lock=True)
            reporting.explain(entry, payload.validated_data["explanations"], user=request.user)
        entry = member_entry(request, year, kommune)
        return ApiResponse(FindingSerializer(reporting.findings(entry), many=True).data)


class SubmitView(APIView):
    @extend_schema(
        tags=TAG,
        operation_id="response_submit",
        parameters=[YEAR, KOMMUNE],
        request=None,
        responses=documented({200: ResponseSerializer}, 409),
        summary="Submit: every error corrected, every warning corrected or explained",
    )
    def post(self, request, year: int, kommune: str):
        entry = member_entry(request, year, kommune)
        return _answer(reporting.submit(entry, user=request.user))
