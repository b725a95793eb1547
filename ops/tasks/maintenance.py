"""Tasks for maintenance windows and notifications."""
