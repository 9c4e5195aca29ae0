"""Authentication with login throttling (django-axes)."""

from axes.backends import AxesStandaloneBackend


class LoginThrottleBackend(AxesStandaloneBackend):
    """Axes' check, for logins that come with a request (the login page, the admin).

    A call without a request (the test client's login(), the shell) has no address to throttle and is left to
    the next backend instead of raising.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
