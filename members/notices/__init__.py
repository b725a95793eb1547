"""お知らせ (notices) from the operator and the banks to member companies: services, selectors, forms, relay."""
