"""Reads on maintenance windows."""


def maintenance_banners(request) -> list[dict]:
    """Banners for upcoming and active windows: dicts with `level`, `text` and optional `url`."""
    return []
