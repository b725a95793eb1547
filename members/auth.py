def lockout_login_id(request, credentials: dict) -> str:
    """Axes locks the login ID whatever its letter case, as login itself ignores case."""
    return (credentials or {}).get("username", "").strip().lower()
