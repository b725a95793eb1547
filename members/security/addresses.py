"""Client addresses and the IP allow-lists FIs set for their console and API (SEC-1)."""

import ipaddress
import unicodedata

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_NETWORKS = 100


def forwarded_client_ip(request) -> str | None:
    """The address the outermost of AXES_PROXY_COUNT trusted proxies (a load balancer) saw: X-Forwarded-For
    read from the right, past the proxies; the peer itself without proxies. Entries a client wrote to the left
    are never read, so the header cannot be used to pick an address (axes' AXES_CLIENT_IP_CALLABLE)."""
    count = settings.AXES_IPWARE_PROXY_COUNT or 0
    remote = request.META.get("REMOTE_ADDR")
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    return forwarded[-count] if len(forwarded) >= count else remote


def client_ip(request) -> str | None:
    """The caller's address as the lockout reads it (AXES_PROXY_COUNT trusted proxies), or None."""
    try:
        return str(ipaddress.ip_address((get_client_ip_address(request) or "").strip()))
    except ValueError:
        return None


def networks_clean(text: str) -> str:
    """One address or CIDR per line, checked and written in standard form; the first bad line is named."""
    lines = [line.strip() for line in unicodedata.normalize("NFKC", text or "").splitlines()]
    networks: list[str] = []
    for number, line in enumerate(lines, start=1):
        if not line:
            continue
        try:
            parsed = ipaddress.ip_network(line, strict=False)
        except ValueError:
            raise ValidationError(
                _("%(number)d行目の「%(value)s」は IP アドレスまたは CIDR（例: 203.0.113.0/24）ではありません。"),
                params={"number": number, "value": line[:60]}, code="invalid_network") from None
        single = parsed.prefixlen == parsed.max_prefixlen
        network = str(parsed.network_address) if single else str(parsed)
        if network not in networks:
            networks.append(network)
    if len(networks) > MAX_NETWORKS:
        raise ValidationError(_("登録できるのは%(limit)d件までです。"), params={"limit": MAX_NETWORKS},
                              code="too_many_networks")
    return "\n".join(networks)
