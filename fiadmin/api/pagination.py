"""Cursor pagination: stable pages over a list that changes while a bank's system walks it."""

from django.utils.translation import gettext_lazy as _
from rest_framework.pagination import CursorPagination


class BankApiCursorPagination(CursorPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = "pk"
    invalid_cursor_message = _("cursor の値が正しくありません。前のページの next / previous をそのまま使ってください。")
