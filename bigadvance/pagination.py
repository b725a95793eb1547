"""Pagination that costs one query when everything fits on the first page."""

from django.core import paginator


class Paginator(paginator.Paginator):
    """Django's paginator, but the first page is read together with its count: it asks for one row more than
    a page holds, and when they do not all come, the rows it got are every row there is. Most lists (an FI's
    companies, its accounts) fit on one page, so they cost their one query instead of a COUNT and a SELECT.
    A full first page costs what Django's does; any other page works as Django's does."""

    def get_page(self, number) -> paginator.Page:
        if "count" not in self.__dict__ and _is_first(number):
            capacity = self.per_page + self.orphans
            rows = list(self.object_list[: capacity + 1])
            if len(rows) > capacity:  # more pages: the count is asked for when the page shows their number
                return self._get_page(rows[: self.per_page], 1, self)
            if rows or self.allow_empty_first_page:
                self.count = len(rows)  # the cached property, known now
                return self._get_page(rows, 1, self)
        return super().get_page(number)


def _is_first(number) -> bool:
    """Whether `get_page(number)` answers the first page: "1", or anything that is not a number at all."""
    try:
        return int(number) == 1
    except (TypeError, ValueError):
        return True
