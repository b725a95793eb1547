"""Member companies of the caller's FI: list with filters and search, one company, suspend and resume."""

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from members.policies import may_manage_company
from members.services import company_reinstate, company_suspend

from .. import selectors
from ..serializers import CompanyFilterSerializer, CompanySerializer
from .base import audited_as_caller, query_params


@extend_schema(summary="会員企業の一覧", parameters=[CompanyFilterSerializer])
class CompanyListView(generics.ListAPIView):
    """自行の会員企業（登録順）。status・industry・prefecture で絞り込み、q で検索します。"""

    serializer_class = CompanySerializer

    def get_queryset(self):
        return selectors.companies(self.request.user, **query_params(CompanyFilterSerializer, self.request))


@extend_schema(summary="会員企業")
class CompanyDetailView(generics.RetrieveAPIView):
    """自行の会員企業1社。他の金融機関の会員企業は、存在しない ID と同じく 404 です。"""

    serializer_class = CompanySerializer

    def get_object(self):
        return selectors.company(self.request.user, self.kwargs["pk"])


class _CompanyStatusChange(APIView):
    service = None

    @extend_schema(request=None, responses=CompanySerializer)
    def post(self, request: Request, pk: int) -> Response:
        company = selectors.company(request.user, pk)
        if not may_manage_company(request.user, company):
            raise PermissionDenied
        with audited_as_caller(request):
            self.service(company=company)
        return Response(CompanySerializer(selectors.company(request.user, pk)).data)


@extend_schema(summary="会員企業の利用停止")
class CompanySuspendView(_CompanyStatusChange):
    """利用を停止します。その会社のユーザーは次のリクエストからログインできなくなります（データは残ります）。
    既に停止中なら何もしません。読み取りと変更の権限を持つキーが必要です。"""

    service = staticmethod(company_suspend)


@extend_schema(summary="会員企業の利用再開")
class CompanyResumeView(_CompanyStatusChange):
    """利用を再開します。既に利用中なら何もしません。読み取りと変更の権限を持つキーが必要です。"""

    service = staticmethod(company_reinstate)
