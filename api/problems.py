"""Every 4xx of the API is a problem document (RFC 9457): type, title, status, detail, and where input was at
fault, `errors` naming each failing field or variable id. Domain refusals are raised as ApiProblem."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

PROBLEM_TYPE = "application/problem+json"
TYPE_BASE = "/api/v1/problems/"  # each type is a name; the documentation page lists them


class ApiProblem(exceptions.APIException):
    """A refusal with its own type name, HTTP status and extra members (errors, findings, current_version)."""

    def __init__(self, status_code: int, kind: str, title: str, detail: str = "", **extra):
        self.status_code = status_code
        self.kind = kind
        self.title = title
        self.extra = extra
        super().__init__(detail or title)


TITLES = {
    400: gettext_lazy("Ugyldig forespørsel"),
    401: gettext_lazy("Ikke innlogget"),
    403: gettext_lazy("Ingen tilgang"),
    404: gettext_lazy("Finnes ikke"),
    405: gettext_lazy("Metoden er ikke tillatt"),
    406: gettext_lazy("Formatet kan ikke leveres"),
    415: gettext_lazy("Formatet støttes ikke"),
    429: gettext_lazy("For mange forespørsler"),
}
KINDS = {
    400: "invalid-request",
    401: "not-authenticated",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    406: "not-acceptable",
    415: "unsupported-media-type",
    429: "throttled",
}


def _errors(detail, prefix: str = "") -> list[dict]:
    """A serializer's nested error detail as a flat list of {name, detail}."""
    if isinstance(detail, dict):
        out = []
        for key, value in detail.items():
            name = key if key != "non_field_errors" else ""
            out.extend(_errors(value, f"{prefix}.{name}" if prefix and name else prefix or name))
        return out
    if isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            return [{"name": prefix, "detail": str(item)} for item in detail]
        out = []
        for index, item in enumerate(detail):
            out.extend(_errors(item, f"{prefix}[{index}]"))
        return out
    return [{"name": prefix, "detail": str(detail)}]


def problem(status_code: int, kind: str, title: str, detail: str, **extra) -> Response:
    body = {"type": TYPE_BASE + kind, "title": str(title), "status": status_code, "detail": str(detail), **extra}
    return Response(body, status=status_code, content_type=PROBLEM_TYPE)


def problem_handler(exc, context):
    """DRF's exception handler, its answers rewritten as problem documents (headers such as Retry-After kept)."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None  # not an API exception: a real server error, left to Django
    code = response.status_code
    if isinstance(exc, ApiProblem):
        body = problem(code, exc.kind, exc.title, str(exc.detail), **exc.extra)
    elif isinstance(exc, exceptions.ValidationError):
        errors = _errors(exc.detail)
        detail = "; ".join(f"{e['name']}: {e['detail']}" if e["name"] else e["detail"] for e in errors)
        body = problem(code, "invalid-request", _("Ugyldige data"), detail, errors=errors)
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else ""
        title = TITLES.get(code, _("Feil"))
        body = problem(code, KINDS.get(code, "error"), title, str(detail or title))
    for header, value in response.items():
        if header.lower() not in ("content-type", "content-length"):
            body[header] = value
    return body


def precondition_failed(current_version: int) -> ApiProblem:
    return ApiProblem(
        status.HTTP_412_PRECONDITION_FAILED,
        "stale-version",
        _("Svaret er endret siden du leste det"),
        _("If-Match gjelder ikke lenger: les svaret på nytt (versjon %(v)s) og send endringene igjen.")
        % {"v": current_version},
        current_version=current_version,
    )


def precondition_required() -> ApiProblem:
    return ApiProblem(
        status.HTTP_428_PRECONDITION_REQUIRED,
        "if-match-required",
        _("If-Match mangler"),
        _("Send svarets versjon (ETag fra GET) i If-Match, så overskrives ikke en kollegas endring."),
    )
