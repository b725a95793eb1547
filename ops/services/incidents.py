"""Writes on incidents and their timeline (INC-1..4)."""
