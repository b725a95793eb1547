"""How every ops task retries: on any error, with exponential backoff, a bounded number of times."""

RETRY = {"autoretry_for": (Exception,), "retry_backoff": True, "retry_backoff_max": 600, "max_retries": 5}
