"""商談 (deal requests through both banks) and the deal room. Models in members/models/deals.py."""
