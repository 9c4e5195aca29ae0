"""What the API's views share: the documented error answers of each operation and the version header."""

import re

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework.exceptions import ValidationError

from api.problems import PROBLEM_TYPE, precondition_required
from api.serializers import ProblemSerializer

PROBLEM = OpenApiResponse(ProblemSerializer, description="A problem document (RFC 9457)")
ALWAYS = (400, 401, 403, 404, 405, 406, 415, 429)  # any operation may answer these


def documented(ok: dict, *extra: int) -> dict:
    """An operation's responses: its success answers and, as problem documents, every error it may give."""
    return {**ok, **{(code, PROBLEM_TYPE): PROBLEM for code in sorted({*ALWAYS, *extra})}}


YEAR = OpenApiParameter("year", int, OpenApiParameter.PATH, description="Survey year, e.g. 2021")
KOMMUNE = OpenApiParameter(
    "kommune", str, OpenApiParameter.PATH, description="Municipality number (4 digits)", pattern=r"^[0-9]{4}$"
)
ETAG = OpenApiParameter(
    "ETag", str, OpenApiParameter.HEADER, response=[200], description="The response's version, quoted"
)
IF_MATCH = OpenApiParameter(
    "If-Match", str, OpenApiParameter.HEADER, required=True, description='The ETag of the version read, e.g. "7"'
)
_VERSION = re.compile(r'^\s*(?:W/)?"?(\d{1,9})"?\s*$')


def etag(version: int) -> str:
    return f'"{version}"'


def if_match_version(request) -> int:
    header = request.headers.get("If-Match")
    if header is None:
        raise precondition_required()
    found = _VERSION.match(header)
    if found is None:
        raise ValidationError({"If-Match": [_('Ventet svarets versjon som ETag, f.eks. "7".')]})
    return int(found.group(1))
