"""User IDs of the caller's FI (USR-1): list, one ID, invite a member user, stop and resume an ID."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from members.policies import may_manage_account
from members.services import user_set_active

from ...services import member_user_invite
from .. import selectors
from ..serializers import UserFilterSerializer, UserInviteSerializer, UserSerializer
from .base import audited_as_caller, query_params, service_errors


class UserListView(generics.ListCreateAPIView):
    serializer_class = UserSerializer

    def get_queryset(self):
        filters = query_params(UserFilterSerializer, self.request)
        return selectors.users(self.request.user, company_id=filters.get("company"),
                               is_active=filters.get("is_active"), q=filters.get("q", ""))

    @extend_schema(summary="ユーザーID の一覧", parameters=[UserFilterSerializer])
    def get(self, request, *args, **kwargs):
        """自行の管理者と会員企業ユーザーの ID（作成順）。"""
        return super().get(request, *args, **kwargs)

    @extend_schema(summary="会員企業ユーザーの招待", request=UserInviteSerializer,
                   responses={201: UserSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        """会員企業ユーザーの ID を作り、本人にパスワード設定のリンクをメールで送ります（管理者はパスワードを
        扱いません）。ログインID とメールアドレスは全金融機関を通じて一意です。読み取りと変更の権限を持つキーが
        必要です。"""
        invite = UserInviteSerializer(data=request.data)
        invite.is_valid(raise_exception=True)
        data = invite.validated_data
        try:
            company = selectors.company(request.user, data["company"])
        except Http404 as exc:  # another FI's company reads as a missing one
            raise serializers.ValidationError({"company": [_("この ID の会員企業は見つかりません。")]}) from exc
        with service_errors({"username": "login_id"}), audited_as_caller(request):
            user = member_user_invite(company=company, username=data["login_id"], email=data["email"],
                                      full_name=data["full_name"])
        return Response(UserSerializer(selectors.user(request.user, user.pk)).data, status=status.HTTP_201_CREATED)


@extend_schema(summary="ユーザーID")
class UserDetailView(generics.RetrieveAPIView):
    """自行のユーザーID 1件。他の金融機関の ID は、存在しない ID と同じく 404 です。"""

    serializer_class = UserSerializer

    def get_object(self):
        return selectors.user(self.request.user, self.kwargs["pk"])


class _UserActiveChange(APIView):
    is_active = True

    @extend_schema(request=None, responses=UserSerializer)
    def post(self, request: Request, pk: int) -> Response:
        account = selectors.user(request.user, pk)
        if not may_manage_account(request.user, account):
            raise PermissionDenied
        if account.pk == request.user.pk:
            raise serializers.ValidationError({"non_field_errors": [_("ご自身の ID は停止・再開できません。")]})
        with audited_as_caller(request):
            user_set_active(user=account, is_active=self.is_active)
        return Response(UserSerializer(selectors.user(request.user, pk)).data)


@extend_schema(summary="ユーザーID の停止")
class UserDeactivateView(_UserActiveChange):
    """ID を停止します（退職など）。履歴は残り、次のリクエストからログインできなくなります。既に停止中なら何も
    しません。読み取りと変更の権限を持つキーが必要です。"""

    is_active = False


@extend_schema(summary="ユーザーID の再開")
class UserReactivateView(_UserActiveChange):
    """停止した ID を再び使えるようにします。読み取りと変更の権限を持つキーが必要です。"""

    is_active = True
