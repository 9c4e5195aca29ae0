"""`Authorization: Bearer <token>`: the request acts as the token's user, with the token as `request.auth`."""

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from api.tokens import authenticate

SCHEME = "Bearer"


class BearerTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode("latin-1").lower() != SCHEME.lower():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Ugyldig Authorization-felt: ventet «Bearer NØKKEL»."))
        try:
            secret = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Ugyldig nøkkel.")) from None
        token = authenticate(secret)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Ugyldig, utløpt eller tilbaketrukket nøkkel."))
        return token.user, token

    def authenticate_header(self, request):
        return f'{SCHEME} realm="api"'
