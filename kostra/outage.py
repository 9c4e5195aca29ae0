"""While the database is unreachable (a restart, a failover): a "try again" page in the site's layout, or for a
script's save (Accept: application/json) a retryable JSON answer, both 503 with Retry-After. Nothing that needs the
database is rendered: no user, no messages, no CSRF token (the page has no form that would need one)."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from kostra import errors

OUTAGE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 5


def outage_response(request):
    if "application/json" in request.headers.get("Accept", ""):
        answer = JsonResponse(
            {
                "status": "retry",
                "code": "database_unavailable",
                "retry_after": RETRY_AFTER_SECONDS,
                "message": _("Ikke lagret: tjenesten får ikke kontakt med databasen. Verdiene står fortsatt i "
                             "skjemaet; prøv å lagre igjen om noen sekunder."),
            },
            status=503,
        )  # fmt: skip
    else:
        answer = HttpResponse(
            render_to_string("outage.html", _page_context(request)),
            status=503,
        )
    answer["Retry-After"] = str(RETRY_AFTER_SECONDS)
    answer["Cache-Control"] = "no-store"
    return answer


def _page_context(request) -> dict:
    posted = request.method == "POST"
    retry_url = "" if posted else request.get_full_path()
    return {"retry_after": RETRY_AFTER_SECONDS, "posted": posted, "retry_url": retry_url}


class DatabaseOutageMiddleware:
    """A view that lost the database answers with outage_response instead of a server error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OUTAGE_ERRORS):
            return outage_response(request)
        return None


def server_error(request, *args, **kwargs):
    """handler500: an outage outside a view (a middleware reading the session) gets the same answer."""
    if isinstance(sys.exc_info()[1], OUTAGE_ERRORS):
        return outage_response(request)
    return errors.server_error(request)
