"""Who is calling: the check a bank's integration runs first."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

MeSerializer = inline_serializer("Me", {
    "kind": serializers.ChoiceField(["api_key", "account"], help_text="api_key: API キー、account: 管理者の ID"),
    "institution": serializers.CharField(help_text="金融機関コード"),
    "name": serializers.CharField(required=False, help_text="キーの名前"),
    "login_id": serializers.CharField(required=False),
    "full_name": serializers.CharField(required=False, help_text="管理者の氏名"),
    "role": serializers.CharField(required=False),
    "prefix": serializers.CharField(required=False, help_text="キーの先頭8文字（管理画面の一覧と同じ）"),
    "scope": serializers.CharField(required=False, help_text="read または read_write"),
    "expires_at": serializers.DateTimeField(required=False, allow_null=True),
})


class MeView(APIView):
    @extend_schema(summary="呼び出し元", responses=MeSerializer)
    def get(self, request: Request) -> Response:
        """この呼び出しの認証情報（API キー、または管理者の ID）と金融機関を返します。"""
        principal = request.user
        api_key = getattr(principal, "api_key", None)
        if api_key is not None:
            expires = api_key.expiry_date and timezone.localtime(api_key.expiry_date).isoformat()
            return Response({"kind": "api_key", "institution": principal.institution.code, "name": api_key.name,
                             "prefix": api_key.prefix, "scope": api_key.scope, "expires_at": expires})
        return Response({"kind": "account", "institution": principal.institution.code,
                         "full_name": principal.full_name, "login_id": principal.username, "role": principal.role})
