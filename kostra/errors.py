"""The site's own error pages (403, 404, 500 and a refused CSRF check), in its layout and language.

A save in place (static/js/form/request.js asks for JSON) gets a short JSON answer instead of a page: the
script keeps the typed values and asks the reporter to log in again.
"""

from urllib.parse import urlsplit

from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

_PLAIN_500 = (
    "<!doctype html><html lang='nb'><head><meta charset='utf-8'><title>Feil</title></head><body>"
    "<main><h1>Noe gikk galt hos oss</h1><p>Prøv igjen om litt.</p></main></body></html>"
)


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _back(request) -> str:
    """The page the visitor came from, when it is one of ours (a link back to the form)."""
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}):
        parts = urlsplit(referer)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return ""


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: the session or the cookie that protects forms was lost; nothing was saved."""
    if _wants_json(request):
        return JsonResponse({"status": "signed-out"}, status=403)
    return render(request, "errors/csrf.html", {"back": _back(request)}, status=403)


def permission_denied(request, exception=None):
    if _wants_json(request):
        return JsonResponse({"status": "forbidden"}, status=403)
    return render(request, "errors/403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    """The 500 page; if even that cannot be rendered (a database gone), a plain page without the layout."""
    try:
        return render(request, "errors/500.html", status=500)
    except Exception:  # noqa: BLE001 - the error page must not fail in its turn
        return HttpResponseServerError(_PLAIN_500)
