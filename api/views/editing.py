"""For SSB's systems (editors): the year's responses with filters, a response's flags, the work queue and the
change log since a time (incremental pulls)."""

from urllib.parse import urlencode

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response as ApiResponse
from rest_framework.views import APIView

from api.access import IsEditor, readable_response, survey_or_404
from api.serializers import ChangePageSerializer, FlagSerializer, QueueEntrySerializer, ResponseSummarySerializer
from api.views.common import KOMMUNE, YEAR, documented
from surveys.models import ChangeLog, Response
from validation.models import Flag
from validation.workbench.queue import SORTS, QueueFilters, work_queue

TAG = ["editing"]
CHANGES_PAGE = 500


def _choice(request, name: str, allowed) -> str:
    value = request.query_params.get(name, "")
    if value and value not in allowed:
        raise ValidationError({name: [_("Ukjent verdi. Tillatt: %(v)s.") % {"v": ", ".join(allowed)}]})
    return value


def _summary(response: Response) -> dict:
    m = response.municipality
    return {
        "municipality": {"number": m.number, "name": m.name},
        "status": response.status,
        "editing_status": response.editing_status,
        "version": response.version,
        "first_submitted_at": response.first_submitted_at,
        "submitted_at": response.submitted_at,
        "last_changed_at": response.last_changed_at,
    }


class ResponseListView(APIView):
    permission_classes = [IsEditor]

    @extend_schema(
        tags=TAG,
        operation_id="responses_list",
        parameters=[
            YEAR,
            OpenApiParameter("status", str, enum=Response.Status.values),
            OpenApiParameter("editing_status", str, enum=Response.EditingStatus.values),
            OpenApiParameter("county", str, description="County number, e.g. 46", pattern=r"^[0-9]{2}$"),
        ],
        responses=documented({200: ResponseSummarySerializer(many=True)}),
        summary="The year's stored responses with their status",
    )
    def get(self, request, year: int):
        survey = survey_or_404(year)
        responses = survey.responses.select_related("municipality").order_by("municipality__number")
        if status := _choice(request, "status", Response.Status.values):
            responses = responses.filter(status=status)
        if editing := _choice(request, "editing_status", Response.EditingStatus.values):
            responses = responses.filter(editing_status=editing)
        if county := request.query_params.get("county", ""):
            responses = responses.filter(municipality__county_number=county)
        return ApiResponse(ResponseSummarySerializer([_summary(r) for r in responses], many=True).data)


class FlagListView(APIView):
    permission_classes = [IsEditor]

    @extend_schema(
        tags=TAG,
        operation_id="response_flags",
        parameters=[YEAR, KOMMUNE, OpenApiParameter("status", str, enum=Flag.Status.values)],
        responses=documented({200: FlagSerializer(many=True)}),
        summary="The rule flags of a response with score and status",
    )
    def get(self, request, year: int, kommune: str):
        response, _as_editor = readable_response(request, year, kommune)
        flags = Flag.objects.filter(response_id=response.pk).order_by("-score", "id") if response.pk else []
        if response.pk and (status := _choice(request, "status", Flag.Status.values)):
            flags = flags.filter(status=status)
        return ApiResponse(FlagSerializer(flags, many=True).data)


class QueueView(APIView):
    permission_classes = [IsEditor]

    @extend_schema(
        tags=TAG,
        operation_id="queue",
        parameters=[
            YEAR,
            OpenApiParameter("rule", str, description="Only this rule's open flags count, e.g. EQ-06"),
            OpenApiParameter("severity", str, enum=Flag.Severity.values),
            OpenApiParameter("sort", str, enum=list(SORTS), description="Rank by the highest (max) or summed score"),
        ],
        responses=documented({200: QueueEntrySerializer(many=True)}),
        summary="The editors' work queue: submitted responses with open flags, most suspicious first",
    )
    def get(self, request, year: int):
        survey = survey_or_404(year)
        filters = QueueFilters(
            rule=request.query_params.get("rule", "")[:20],
            severity=_choice(request, "severity", Flag.Severity.values),
            sort=_choice(request, "sort", SORTS) or "max",
        )
        return ApiResponse(QueueEntrySerializer(work_queue(survey, filters, request.user), many=True).data)


class ChangeLogView(APIView):
    permission_classes = [IsEditor]

    @extend_schema(
        tags=TAG,
        operation_id="changes",
        parameters=[
            YEAR,
            OpenApiParameter("since", str, description="ISO 8601 time: changes at or after it"),
            OpenApiParameter("after", int, description="With `since`: only changes with a greater id at that time"),
        ],
        responses=documented({200: ChangePageSerializer}),
        summary="The change log in order of time, from `since`, a page at a time (follow `next`)",
    )
    def get(self, request, year: int):
        survey = survey_or_404(year)
        changes = ChangeLog.objects.filter(response__survey=survey).select_related("response__municipality", "user")
        since_text = request.query_params.get("since", "")
        if since_text:
            since = _time(since_text)
            after = _number(request, "after")
            changes = changes.filter(at__gte=since).exclude(at=since, id__lte=after)
        page = list(changes.order_by("at", "id")[: CHANGES_PAGE + 1])
        more = len(page) > CHANGES_PAGE
        page = page[:CHANGES_PAGE]
        following = None
        if more:
            last = page[-1]
            query = {"since": last.at.isoformat(), "after": last.id}
            following = request.build_absolute_uri(request.path) + "?" + urlencode(query)
        return ApiResponse(ChangePageSerializer({"results": page, "next": following}).data)


def _time(text: str):
    try:
        found = parse_datetime(text)
    except ValueError:
        found = None
    if found is None or found.tzinfo is None:
        raise ValidationError({"since": [_("Ventet et tidspunkt med tidssone, f.eks. 2021-09-01T12:00:00+02:00.")]})
    return found


def _number(request, name: str) -> int:
    text = request.query_params.get(name, "0") or "0"
    if not text.isdigit() or len(text) > 18:
        raise ValidationError({name: [_("Ventet et heltall.")]})
    return int(text)
