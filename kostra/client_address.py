"""The address of the client behind our own reverse proxies, for login throttling.

Behind a proxy every request comes from the proxy's address; throttling on that would let anyone lock out any
username for everyone. Each trusted proxy appends the address it received the request from to
X-Forwarded-For, so with N trusted proxies the client is the N-th entry from the right. Entries further left
were written by the client and prove nothing. With no trusted proxy (TRUSTED_PROXY_COUNT=0, the default) the
header is ignored and the client is REMOTE_ADDR.
"""

from ipaddress import ip_address

from django.conf import settings


def client_address(request) -> str | None:
    """The client's address as seen by the outermost trusted proxy, else REMOTE_ADDR."""
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if not count:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < count:
        return remote  # not through all our proxies: only the connection's own address is known
    candidate = hops[-count]
    try:
        return str(ip_address(candidate))
    except ValueError:
        return remote
