"""補助金・助成金: the operators' catalogue (services, CSV import) and what members read of it (selectors)."""
