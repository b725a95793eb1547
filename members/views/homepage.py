"""The public homepage of a member company (/c/<slug>/): open to the internet when the company opts in."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from members.matching import selectors

from .companies import logo_response


def homepage(request: HttpRequest, slug: str) -> HttpResponse:
    company = selectors.company_for_homepage(slug)
    return render(request, "members/homepage.html", {
        "company": company, "contacts": selectors.contact_details(company, None)})


def homepage_logo(request: HttpRequest, slug: str) -> HttpResponse:
    return logo_response(selectors.company_for_homepage(slug))
