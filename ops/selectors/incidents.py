"""Reads on incidents."""


def incident_banners(request) -> list[dict]:
    """Banners for open critical failures the user's FI is affected by: dicts with `level`, `text`, `url`."""
    return []
