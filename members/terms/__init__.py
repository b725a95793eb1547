"""The operating terms (運営規約) every user accepts before using the service (DOC-2).

`state.current_terms()` answers which version is in force from this process's memory (bigadvance/page_state.py,
turned by every save of a ServiceDocument), so the middleware (members/middleware.py) asks it on every page
for free; `services.terms_accept` records an acceptance; `selectors` read them for banks and operators.
"""
