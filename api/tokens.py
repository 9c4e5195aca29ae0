"""Creating, checking and revoking personal API tokens. Only a SHA-256 digest is stored: a token is 32 random
bytes, so a fast hash is as safe as a slow one and lets every request be checked with one indexed read."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from api.models import ApiToken

TOKEN_PREFIX = "lvk_"  # noqa: S105 - not a secret: tells a leaked token apart from other secrets (secret scanners)
LAST_USED_PRECISION = timedelta(minutes=1)  # last use is written at most once a minute per token
NAME_MAX = 80


class TokenError(ValueError):
    """A refused token request; the message names the field."""

    def __init__(self, field: str, message: str):
        self.field = field
        super().__init__(message)


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # shown once, never stored


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_token(user, name: str, days: int) -> NewToken:
    name = name.strip()
    if not name:
        raise TokenError("name", _("Gi nøkkelen et navn."))
    if len(name) > NAME_MAX:
        raise TokenError("name", _("Navnet kan ha høyst %(n)s tegn.") % {"n": NAME_MAX})
    if not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
        raise TokenError("days", _("Gyldighet må være mellom 1 og %(n)s dager.") % {"n": settings.API_TOKEN_MAX_DAYS})
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    try:
        with transaction.atomic():
            token = ApiToken.objects.create(
                user=user,
                name=name,
                prefix=secret[: len(TOKEN_PREFIX) + 4],
                digest=digest(secret),
                expires_at=timezone.now() + timedelta(days=days),
            )
    except IntegrityError:
        raise TokenError("name", _("Du har allerede en nøkkel med dette navnet.")) from None
    return NewToken(token, secret)


def authenticate(secret: str) -> ApiToken | None:
    """The active token with this secret (its user loaded), or None; notes its use."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    token = ApiToken.objects.select_related("user").filter(digest=digest(secret)).first()
    if token is None or not token.is_active or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def revoke(user, token_id: int) -> bool:
    """Revoke one of `user`'s own tokens; False when there is no such live token."""
    return bool(
        ApiToken.objects.filter(pk=token_id, user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    )


def tokens_of(user):
    return ApiToken.objects.filter(user=user)
