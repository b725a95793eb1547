"""Calls per API key (or per FI admin) and period (BANK_API_THROTTLE_RATE); over it: 429 with Retry-After."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class PerKeyThrottle(SimpleRateThrottle):
    scope = "bank_api"

    def get_rate(self) -> str:
        return settings.BANK_API_THROTTLE_RATE  # read per request, so a changed setting applies at once

    def get_cache_key(self, request, view) -> str:
        principal = request.user
        api_key = getattr(principal, "api_key", None)
        if api_key is not None:
            ident = f"key:{api_key.prefix}"  # each key its own bucket, whatever address it calls from
        elif principal is not None and principal.is_authenticated:
            ident = f"user:{principal.pk}"
        else:
            ident = f"ip:{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
