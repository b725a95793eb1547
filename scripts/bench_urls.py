"""The product's URLs plus two plain views, served only by the benchmark (scripts/bench_settings.py).

Both plain views pass through the whole middleware stack like every page; the signed-in one also loads the
session and the user (as `login_required` does), so a page's ratio to it is what the page itself costs.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import path

from bigadvance.urls import handler403  # noqa: F401
from bigadvance.urls import urlpatterns as product_urls


def anonymous_plain(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


@login_required
def signed_in_plain(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/anonymous/", anonymous_plain),
    path("bench/signed-in/", signed_in_plain),
    *product_urls,
]
