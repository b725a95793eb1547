"""What every bank API view shares: validated query parameters, service errors as 400s, the audit actor."""

from collections.abc import Iterator
from contextlib import contextmanager

from auditlog.context import auditlog_value, set_extra_data
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers


def query_params(serializer_class, request) -> dict:
    """The request's query parameters, validated (an unknown value is a 400 with the field's message)."""
    serializer = serializer_class(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


@contextmanager
def service_errors(renames: dict[str, str] | None = None) -> Iterator[None]:
    """A service's ValidationError as the API's 400, its field names as the API names them."""
    try:
        yield
    except DjangoValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise serializers.ValidationError({"non_field_errors": exc.messages}) from exc
        renames = renames or {}
        raise serializers.ValidationError({
            renames.get(field, "non_field_errors" if field == "__all__" else field): messages
            for field, messages in exc.message_dict.items()}) from exc


@contextmanager
def audited_as_caller(request) -> Iterator[None]:
    """Changes made by an API call are recorded (auditlog) with their caller: the FI admin, or the API key
    (`actor_email` "api-key:<prefix>": a key is no account), and the caller's address.

    auditlog's middleware knew only the session user; this replaces its context for the call and puts it
    back afterwards (auditlog does not restore an outer context by itself).
    """
    principal = request.user
    context = {"remote_addr": request.META.get("REMOTE_ADDR")}
    if getattr(principal, "is_api_key", False):
        context.update(actor=None, actor_email=principal.username)
    else:
        context["actor"] = principal
    outer = auditlog_value.get(None)
    try:
        with set_extra_data(context_data=context):
            yield
    finally:
        if outer is not None:
            auditlog_value.set(outer)
