"""Tasks for incidents and monitoring."""
