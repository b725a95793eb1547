"""相談 (consultations) between a member company and its bank: policies, services, selectors, forms."""
