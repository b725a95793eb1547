"""Django admin for calendar overrides and maintenance windows."""
