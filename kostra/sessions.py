"""Sessions of an active user do not expire mid-work.

A session's expiry is set when it is saved, and Django saves it only when it changes: a reporter typing for
longer than SESSION_COOKIE_AGE without logging in again would lose the session while working. This middleware
marks the session of a signed-in user changed when it was last renewed more than RENEW_SECONDS ago, so an
active user's session slides forward at the cost of one session write per user per RENEW_SECONDS (not one per
request, as SESSION_SAVE_EVERY_REQUEST would cost on every save in place).
"""

import time

RENEWED_AT = "_renewed_at"
RENEW_SECONDS = 10 * 60


class SlidingSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = int(time.time())
            if now - request.session.get(RENEWED_AT, 0) > RENEW_SECONDS:
                request.session[RENEWED_AT] = now  # saved by SessionMiddleware, with a new expiry
        return response
