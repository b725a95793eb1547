"""The OpenAPI description (drf-spectacular): the API-key scheme and the error answers every operation has."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("変わらない識別子（例: not_found, invalid, throttled, insufficient_scope）"))
    detail = serializers.CharField(help_text=_("人が読むための説明（日本語）"))
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False,
                                   help_text=_("入力の誤り: 項目ごとの説明（code が invalid のとき）"))
    retry_after = serializers.IntegerField(required=False,
                                           help_text=_("再試行まで待つ秒数（code が throttled のとき。Retry-After ヘッダーと同じ）"))


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "fiadmin.api.authentication.ApiKeyAuthentication"
    name = "apiKeyAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": str(_("「Api-Key <キー>」の形で送ります。キーは管理画面の「API キー」で発行します。"))}


ERRORS = {
    "400": _("入力の誤り（code: invalid）"),
    "401": _("認証なし・キーの誤り・無効化・期限切れ"),
    "403": _("権限なし（キーの権限、IP アドレス制限、金融機関以外の利用者）"),
    "404": _("見つからない（他の金融機関のものも同じ）"),
    "429": _("回数制限を超えた（Retry-After 秒後に再試行）"),
}


class BankApiSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        codes = ["401", "403", "429"]
        if "{" in self.path:
            codes.append("404")
        if self.method != "GET" or self._has_query_parameters():
            codes.append("400")
        for code in sorted(codes):
            if code not in responses:
                responses[code] = self._get_response_for_code(ErrorSerializer, code, direction=direction)
                responses[code]["description"] = str(ERRORS[code])
        return responses

    def _has_query_parameters(self) -> bool:
        return any(parameter.get("in") == "query" for parameter in self._get_parameters())
