"""Which rows of tenant data a query may return, decided once, by role.

Every tenant-owned model (a row that belongs to one FI, directly or through a member company) gets its
manager from a `TenantQuerySet`. A query of such a model states how it is scoped before it runs, in one of
three ways, and in no other:

    MemberCompany.objects.visible_to(user)          # what this user may see, by role (views, API, selectors)
    MemberCompany.objects.published_for_matching()  # platform-wide data the model declares (every member sees it)
    MemberCompany.objects.unscoped("why")           # system paths: jobs, commands, the operators' admin

`visible_to(user)` by role:
- member: rows of its own company (`company_path`); none when the model has no company path;
- FI admin: rows of its own FI (`institution_path`);
- support, system lead, operator, anonymous, an inactive account, an account whose contract ended
  (`members.policies.account_may_sign_in`): nothing. Staff reach tenant data only through `unscoped`.

The guard: with `settings.TENANCY_GUARD` on (the test settings turn it on), evaluating a tenant query that
went through none of the three raises `UnscopedTenantQuery`, so a forgotten scope fails the suite instead
of leaking. This includes related managers (`company.users.all()`) and prefetches: reach related tenant rows
through their own `visible_to`. Django's own machinery that must see every row (uniqueness checks,
authentication, the operators' admin, password reset) runs inside `system_context(reason)`.

A new tenant model:

    class NeedQuerySet(TenantQuerySet):
        institution_path = "company__institution"  # lookup from the row to its FI
        company_path = "company"                   # lookup from the row to its member company, or None

        def published_for_matching(self):          # only if the model has platform-wide rows
            return self.filter(is_open=True, company__is_published=True)._mark_platform_wide()

    class Need(TenantModel, models.Model):         # TenantModel: full_clean's uniqueness checks pass the guard
        objects = NeedQuerySet.as_manager()

A row with two parties (a deal between companies of two banks) overrides `member_rows(user)` and
`fi_admin_rows(user)` to return a `Q` over both parties. Per-object decisions ("may this user do X to this
object") live in `members.policies`, which builds on `visible_to`.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import Self

from django.conf import settings
from django.db.models import Q, QuerySet

_system_reason: ContextVar[str | None] = ContextVar("tenancy_system_reason", default=None)


class UnscopedTenantQuery(RuntimeError):
    """A tenant query ran without visible_to / a platform-wide path / unscoped (TENANCY_GUARD)."""


@contextmanager
def system_context(reason: str) -> Iterator[None]:
    """Let every tenant query inside count as unscoped: only for Django machinery that must see all rows."""
    token = _system_reason.set(_require_reason(reason))
    try:
        yield
    finally:
        _system_reason.reset(token)


def system_view(reason: str) -> Callable:
    """Decorate a view that runs inside `system_context`; lazy responses are rendered inside it too."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args, **kwargs):
            with system_context(reason):
                response = view(*args, **kwargs)
                if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                    response.render()
                return response

        return wrapper

    return decorator


class TenantQuerySet(QuerySet):
    institution_path: str = "institution"
    company_path: str | None = None

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._tenancy_scope: str | None = None

    # --- the three ways in -------------------------------------------------------------------------------

    def visible_to(self, user) -> Self:
        from .policies import account_may_sign_in, is_fi_admin, is_member

        scoped = self._scoped("visible_to")
        if not account_may_sign_in(user):
            return scoped.none()
        rows = (self.member_rows(user) if is_member(user)
                else self.fi_admin_rows(user) if is_fi_admin(user) else None)
        return scoped.none() if rows is None else scoped.filter(rows)

    def unscoped(self, reason: str) -> Self:
        return self._scoped(f"unscoped: {_require_reason(reason)}")

    def _mark_platform_wide(self) -> Self:
        """For a subclass's declared platform-wide method (e.g. `published_for_matching`), never ad hoc."""
        return self._scoped("platform-wide")

    # --- the role rules, overridable per model -----------------------------------------------------------

    def member_rows(self, user) -> Q | None:
        if self.company_path is None:
            return None
        return Q(**{self.company_path: user.company_id}) & Q(**{self.institution_path: user.institution_id})

    def fi_admin_rows(self, user) -> Q | None:
        return Q(**{self.institution_path: user.institution_id})

    # --- the guard ---------------------------------------------------------------------------------------

    @property
    def is_scoped(self) -> bool:
        return self._tenancy_scope is not None

    def _scoped(self, how: str) -> Self:
        clone = self._chain()
        clone._tenancy_scope = how
        return clone

    def _check_scoped(self) -> None:
        if self._tenancy_scope is None and _system_reason.get() is None and getattr(settings, "TENANCY_GUARD", False):
            raise UnscopedTenantQuery(
                f"{self.model.__name__} is tenant data: query it through .visible_to(user), the model's "
                f"platform-wide method or .unscoped(reason) (see members/tenancy.py)."
            )

    def _clone(self) -> Self:
        clone = super()._clone()
        clone._tenancy_scope = self._tenancy_scope
        return clone

    def _fetch_all(self) -> None:
        if self._result_cache is None:
            self._check_scoped()
        super()._fetch_all()

    def _iterator(self, *args, **kwargs):
        self._check_scoped()
        yield from super()._iterator(*args, **kwargs)

    def count(self) -> int:
        if self._result_cache is None:
            self._check_scoped()
        return super().count()

    def exists(self) -> bool:
        if self._result_cache is None:
            self._check_scoped()
        return super().exists()

    def contains(self, obj) -> bool:
        if self._result_cache is None:
            self._check_scoped()
        return super().contains(obj)

    def aggregate(self, *args, **kwargs) -> dict:
        self._check_scoped()
        return super().aggregate(*args, **kwargs)

    def update(self, **kwargs) -> int:
        self._check_scoped()
        return super().update(**kwargs)

    def delete(self):
        self._check_scoped()
        return super().delete()

    def explain(self, *args, **kwargs) -> str:
        self._check_scoped()
        return super().explain(*args, **kwargs)

    # A combination is scoped only if every part is: `visible | unscoped-by-mistake` must not pass.
    def __and__(self, other):
        return self._combined(super().__and__(other), other)

    def __or__(self, other):
        return self._combined(super().__or__(other), other)

    def __xor__(self, other):
        return self._combined(super().__xor__(other), other)

    def _combined(self, combined, other):
        if isinstance(combined, TenantQuerySet) and not (self.is_scoped and getattr(other, "is_scoped", False)):
            combined = combined._chain()
            combined._tenancy_scope = None
        return combined

    def _combinator_query(self, combinator, *other_qs, **kwargs):
        combined = super()._combinator_query(combinator, *other_qs, **kwargs)
        if not (self.is_scoped and all(getattr(qs, "is_scoped", False) for qs in other_qs)):
            combined._tenancy_scope = None
        return combined


class TenantModel:
    """Mixin for tenant models: `full_clean`'s uniqueness and constraint checks look at every row by design."""

    def validate_unique(self, exclude=None) -> None:
        with system_context("uniqueness check"):
            super().validate_unique(exclude=exclude)

    def validate_constraints(self, exclude=None) -> None:
        with system_context("constraint check"):
            super().validate_constraints(exclude=exclude)


def _require_reason(reason: str) -> str:
    if not isinstance(reason, str) or not reason.strip():
        raise ValueError("an unscoped tenant query needs a reason")
    return reason
