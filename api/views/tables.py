"""Tables as JSON-stat 2.0, from the same source as the table pages: editors the live tables (or, with
?published=1, what the public sees), everyone else the current publication with its disclosure control."""

from django.conf import settings
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response as ApiResponse
from rest_framework.views import APIView

from api.access import survey_or_404
from api.serializers import JsonStatSerializer, TableEntrySerializer
from api.views.common import YEAR, documented
from kostra.roles import is_editor
from surveys.tables import export
from surveys.tables.catalogue import TABLES, by_slug, slug
from surveys.tables.services import TableSource

TAG = ["tables"]
LANGS = ("nb", "nn", "en")
LANG = OpenApiParameter(
    "lang", str, enum=list(LANGS), description="Language of the dataset's texts; nynorsk falls back to bokmål"
)
PUBLISHED = OpenApiParameter("published", str, enum=["1"], description="Editors: the public's (disclosed) tables")
TABLE = OpenApiParameter("table", str, OpenApiParameter.PATH, description="Table id with '_' for space, e.g. 4.2")


def language(request) -> str:
    """The requested language if the service has it, else bokmål (nynorsk without its catalogue, say)."""
    wanted = request.query_params.get("lang", "nb")
    if wanted not in LANGS:
        raise ValidationError({"lang": [_("Ukjent språk. Tillatt: %(v)s.") % {"v": ", ".join(LANGS)}]})
    available = {code for code, _name in settings.LANGUAGES}
    return wanted if wanted in available else settings.LANGUAGE_CODE


def source_for(request, year: int) -> TableSource:
    live = is_editor(request.user) and request.query_params.get("published") != "1"
    return TableSource.for_reader(survey_or_404(year), live=live)


class TableListView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=TAG,
        operation_id="tables_list",
        parameters=[YEAR, PUBLISHED],
        responses=documented({200: TableEntrySerializer(many=True)}),
        summary="The tables the reader may read (the public: the published ones)",
    )
    def get(self, request, year: int):
        source = source_for(request, year)
        tables = source.tables() if source.available else []
        rows = [
            {
                "id": t["table"],
                "slug": slug(t["table"]),
                "title": t["title"],
                "url": request.build_absolute_uri(reverse("api:table", args=[year, slug(t["table"])])),
            }
            for t in tables
        ]
        return ApiResponse(TableEntrySerializer(rows, many=True).data)


class TableView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=TAG,
        operation_id="table_read",
        parameters=[YEAR, TABLE, LANG, PUBLISHED],
        responses=documented({200: JsonStatSerializer}),
        summary="One table as a JSON-stat 2.0 dataset",
    )
    def get(self, request, year: int, table: str):
        lang = language(request)
        source = source_for(request, year)
        try:
            definition = by_slug(table)
        except KeyError:
            raise Http404("no such table") from None
        found = source.table(definition.id) if source.available else None
        if found is None or definition.id not in TABLES:
            raise Http404("the table is not published")
        with translation.override(lang):
            dataset = export.jsonstat(found)
        return ApiResponse(dataset, headers={"Content-Language": lang})
