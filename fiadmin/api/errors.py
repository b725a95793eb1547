"""Every error of the bank API is `{"code": "<stable code>", "detail": "<Japanese message>"}`.

The code is what a bank's system branches on (it never changes); the message is for people (Japanese, or
English when the request asks for it). Invalid input adds `fields`: each field's messages, e.g.
`{"code": "invalid", "detail": "入力内容を確認してください。", "fields": {"email": ["このメールアドレスは既に使われています。"]}}`.
Headers stay as DRF sets them: `WWW-Authenticate` on 401, `Retry-After` on 429.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler

# One message per code DRF raises with its own (English-first) default text.
MESSAGES = {
    "not_authenticated": gettext_lazy("認証が必要です。Authorization ヘッダーに「Api-Key <キー>」を指定してください。"),
    "authentication_failed": gettext_lazy("認証に失敗しました。"),
    "permission_denied": gettext_lazy("この操作を行う権限がありません。"),
    "not_found": gettext_lazy("見つかりません。"),
    "method_not_allowed": gettext_lazy("このメソッドは利用できません。"),
    "not_acceptable": gettext_lazy("指定された形式では応答できません。"),
    "unsupported_media_type": gettext_lazy("この形式のデータは受け付けられません。JSON で送ってください。"),
    "parse_error": gettext_lazy("送られたデータを読み取れません。"),
    "invalid": gettext_lazy("入力内容を確認してください。"),
}


def exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(MESSAGES["not_found"])  # one answer for "not yours" and "does not exist"
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(_django_messages(exc))
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    response.data = _body(exc, response.status_code)
    return response


# DRF words these with the request's details (method, media type, parser error): ours say it plainly.
OWN_WORDING = (exceptions.MethodNotAllowed, exceptions.NotAcceptable, exceptions.UnsupportedMediaType,
               exceptions.ParseError)


def _body(exc: exceptions.APIException, status_code: int) -> dict:
    if isinstance(exc, exceptions.ValidationError):
        return {"code": "invalid", "detail": str(MESSAGES["invalid"]), "fields": _field_messages(exc.detail)}
    if isinstance(exc, exceptions.Throttled):
        wait = int(exc.wait or 0)
        return {"code": "throttled", "retry_after": wait,
                "detail": _("リクエストが多すぎます。%(seconds)d 秒後に再度お試しください。") % {"seconds": wait}}
    code = exc.get_codes() if isinstance(exc.get_codes(), str) else _default_code(status_code)
    detail = str(exc.detail)
    if detail == str(exc.default_detail) or isinstance(exc, OWN_WORDING):
        detail = str(MESSAGES.get(code, detail))
    return {"code": code, "detail": detail}


def _default_code(status_code: int) -> str:
    return {status.HTTP_401_UNAUTHORIZED: "authentication_failed", status.HTTP_403_FORBIDDEN: "permission_denied",
            status.HTTP_404_NOT_FOUND: "not_found"}.get(status_code, "error")


def _field_messages(detail) -> dict | list:
    """{"field": ["message", ...]} ("non_field_errors" for the whole object), nested as the input is."""
    if isinstance(detail, dict):
        return {field: _field_messages(value) for field, value in detail.items()}
    if isinstance(detail, list):
        if all(not isinstance(item, (dict, list)) for item in detail):
            return [str(item) for item in detail]
        return [_field_messages(item) for item in detail]
    return [str(detail)]


def _django_messages(exc: DjangoValidationError) -> dict | list:
    if hasattr(exc, "error_dict"):
        return {("non_field_errors" if field == "__all__" else field): messages
                for field, messages in exc.message_dict.items()}
    return {"non_field_errors": exc.messages}
