"""The platform's planned stops and the failures released to the caller's FI (read only, not paginated)."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics

from .. import selectors
from ..serializers import IncidentSerializer, MaintenanceWindowSerializer


@extend_schema(summary="メンテナンスの予定")
class MaintenanceListView(generics.ListAPIView):
    """実施中と今後90日のメンテナンス（サービスや機能を止めるもの）を開始順に返します。全金融機関に共通です。"""

    serializer_class = MaintenanceWindowSerializer
    pagination_class = None

    def get_queryset(self):
        return selectors.maintenance_schedule()


@extend_schema(summary="発生中の重要障害")
class IncidentListView(generics.ListAPIView):
    """自行に影響する重要障害のうち、当社が金融機関向けに公開した発生中のものを、金融機関向けの経過とともに返します。"""

    serializer_class = IncidentSerializer
    pagination_class = None

    def get_queryset(self):
        return selectors.open_incidents(self.request.user)
