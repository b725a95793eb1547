"""Membership applications registered by the bank's own systems (a company that holds an account there).

The bank vouches for the account (no confirmation box); the contact still confirms the email address by the
link the join flow sends, and the bank then approves or refuses in the console, as for an application made
on the public page. The operating terms in force are recorded on the application; the company's first user
accepts them again at first login (DOC-2).
"""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from members.join.services import APPLICATION_FIELDS, application_submit
from members.models import MembershipApplication, ServiceDocument, User
from members.security.addresses import client_ip
from members.terms.state import current_terms

from .base import audited_as_caller, service_errors


class ApplicationCreateSerializer(serializers.ModelSerializer):
    class Meta:
        model = MembershipApplication
        fields = APPLICATION_FIELDS


class ApplicationSerializer(serializers.ModelSerializer):
    class Meta:
        model = MembershipApplication
        fields = ("id", "status", "company_name", "email", "created_at")


@extend_schema(summary="入会申込の登録", request=ApplicationCreateSerializer, responses={201: ApplicationSerializer})
class ApplicationCreateView(APIView):
    """自行に口座のある会社の入会申込を登録します（口座の確認は金融機関が行ったものとします）。担当者のメールアドレスに
    確認のリンクが届き、確認後に管理画面で承認・お断りします。既存のアカウントや手続き中の申込と同じメールアドレスは
    400 です。読み取りと変更の権限を持つキーが必要です。"""

    def post(self, request: Request) -> Response:
        incoming = ApplicationCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        terms = current_terms()
        if terms is None:
            raise serializers.ValidationError({"non_field_errors": [_("運営規約が掲示されていないため、申込を受け付けられません。")]})
        taken = _("このメールアドレスは既に使われているか、手続き中の申込があります。")
        email = data["email"].strip().lower()
        in_use = (User.objects.unscoped("an applicant's address is unique platform-wide").filter(email__iexact=email)
                  .exists() or MembershipApplication.objects.unscoped("one open application per address")
                  .filter(email__iexact=email, status__in=MembershipApplication.OPEN_STATUSES).exists())
        if in_use:
            raise serializers.ValidationError({"email": [taken]})
        with service_errors(), audited_as_caller(request):
            application = application_submit(
                institution_code=request.user.institution.code, account_confirmed=True,
                terms_document=ServiceDocument.objects.get(pk=terms.id), ip_address=client_ip(request), **data)
        if application is None:  # taken between the check and the write
            raise serializers.ValidationError({"email": [taken]})
        return Response(ApplicationSerializer(application).data, status=status.HTTP_201_CREATED)
