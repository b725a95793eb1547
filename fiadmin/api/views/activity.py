"""Needs and deals of the FI's members: statistics and the deals by state."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import selectors
from ..pagination import BankApiCursorPagination
from ..serializers import (
    DealFilterSerializer,
    DealSerializer,
    DealStatsSerializer,
    NeedStatsSerializer,
    PeriodSerializer,
)
from .base import query_params


class NeedStatsView(APIView):
    @extend_schema(summary="ニーズの件数", responses=NeedStatsSerializer)
    def get(self, request: Request) -> Response:
        """自行の会員企業が投稿したニーズの件数を、種類と状態ごとに返します（期限を過ぎた募集中のニーズは期限切れ）。"""
        return Response(NeedStatsSerializer(selectors.need_stats(request.user)).data)


class DealStatsView(APIView):
    @extend_schema(summary="商談の件数", parameters=[PeriodSerializer], responses=DealStatsSerializer)
    def get(self, request: Request) -> Response:
        """期間中に申し込まれた、自行の会員企業が関わる商談の件数を、状態と結果ごとに返します。"""
        period = query_params(PeriodSerializer, request)
        since, until = selectors.stats_period(period.get("since"), period.get("until"))
        return Response(DealStatsSerializer(selectors.deal_stats(request.user, since=since, until=until)).data)


class DealPagination(BankApiCursorPagination):
    ordering = "-pk"  # newest requests first


@extend_schema(summary="商談の一覧", parameters=[DealFilterSerializer])
class DealListView(generics.ListAPIView):
    """自行の会員企業が関わる商談（新しい申込順）。status で状態を絞り込みます。相手方の金融機関の承認前の申込は、
    申込先の金融機関には表示されません。"""

    serializer_class = DealSerializer
    pagination_class = DealPagination

    def get_queryset(self):
        return selectors.deals(self.request.user, **query_params(DealFilterSerializer, self.request))
