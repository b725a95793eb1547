"""Monitoring checks and their history (MON-1, MON-2)."""
