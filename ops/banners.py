"""Banners every page shows in its banner slot: maintenance and open critical failures."""

from .selectors.incidents import incident_banners
from .selectors.maintenance import maintenance_banners


def banners_for(request) -> list[dict]:
    return maintenance_banners(request) + incident_banners(request)
