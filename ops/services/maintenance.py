"""Writes on maintenance windows and maintenance mode (OPS-1..5)."""
