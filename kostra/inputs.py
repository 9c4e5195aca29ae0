"""Reading request input: one small set of helpers, so that odd input is a 400, a 404 or a field message.

`RequestInputGuard` refuses, before any view runs, what no page of ours can use and what would otherwise reach
the database as an error (PostgreSQL refuses NUL in text): a NUL byte in the path or a query parameter; a form
body in any charset but UTF-8; a body the multipart parser cannot read. Posted fields are read by Django forms,
whose text fields refuse a NUL with a message at the field, or, where a view reads a field itself, with
`posted_text` (a 400 naming the field). Numbers in parameters are read with `whole_number`: ASCII digits only,
since `str.isdigit()` also accepts "²" and "٣", which `int()` then refuses or reads as another number.
"""

import re

from django.core.exceptions import BadRequest
from django.http import HttpResponseBadRequest, JsonResponse
from django.http.multipartparser import MultiPartParserError

_DIGITS = re.compile(r"[0-9]{1,9}")
_MUNICIPALITY = re.compile(r"[0-9]{4}")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
UTF8 = ("utf-8", "utf8")


def whole_number(text) -> int | None:
    """The value of a parameter of 1-9 ASCII digits, else None."""
    if isinstance(text, str) and _DIGITS.fullmatch(text):
        return int(text)
    return None


def municipality_number(text) -> str:
    """A kommunenummer parameter (four ASCII digits), else "" (no filter)."""
    return text if isinstance(text, str) and _MUNICIPALITY.fullmatch(text) else ""


def whole_numbers(texts) -> list[int]:
    """The values of those parameters that are whole numbers (a list parameter such as `?flag=1&flag=2`)."""
    return [n for n in (whole_number(t) for t in texts) if n is not None]


def _has_nul(pairs) -> bool:
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in pairs)


def refusal(request) -> str | None:
    """Why the request cannot be read, or None."""
    if "\x00" in request.path:
        return "NUL in the path"
    if _has_nul(request.GET.lists()):
        return "NUL in a query parameter"
    if request.method != "POST":
        return None
    if request.content_type in FORM_TYPES and request.content_params.get("charset", "utf-8").lower() not in UTF8:
        return "a form must be posted as UTF-8"
    try:
        request.POST  # noqa: B018 - parsed here, so that a body that cannot be read is a 400 and not an error
    except (MultiPartParserError, UnicodeDecodeError, LookupError):
        return "the body cannot be read"
    return None


class RequestInputGuard:
    """Answers 400 to input that no view can use (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reason = refusal(request)
        if reason and request.path.startswith("/api/"):  # machines get the API's problem document (RFC 9457)
            body = {"type": "/api/v1/problems/invalid-request", "title": "Bad request", "status": 400, "detail": reason}
            return JsonResponse(body, status=400, content_type="application/problem+json")
        if reason:
            return HttpResponseBadRequest(reason, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


def posted_text(data, name: str, default: str = "") -> str:
    """A posted text field a view reads itself; a NUL byte in it is a 400 naming the field."""
    text = data.get(name, default)
    if "\x00" in text:
        raise BadRequest(f"{name}: a NUL byte is not allowed")
    return text


def posted_texts(data, prefix: str) -> dict[str, str]:
    """The posted fields named `prefix` + key, by key (read with `posted_text`)."""
    return {name.removeprefix(prefix): posted_text(data, name) for name in data if name.startswith(prefix)}


def single_values(data, names) -> None:
    """Refuse (400) a post that sends one of the single-valued fields `names` more than once: never "last wins"."""
    repeated = sorted(name for name in names if len(data.getlist(name)) > 1)
    if repeated:
        raise BadRequest(f"field sent more than once: {', '.join(repeated)}")
