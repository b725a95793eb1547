"""See the modules of this package; each concern has its own."""
