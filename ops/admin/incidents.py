"""Django admin for incidents and monitoring results."""
