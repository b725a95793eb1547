"""Every periodic job of the platform, in one place. Intervals come from settings where operators tune them."""

BEAT_SCHEDULE: dict = {}
