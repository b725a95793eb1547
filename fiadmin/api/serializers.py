"""What the bank API shows and accepts. Output is plain data; writes go through the services, never `save()`."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from members.matching import industries
from members.models import Deal, MemberCompany, Need, User
from members.prefectures import PREFECTURES
from ops.models import Incident, MaintenanceWindow

INDUSTRY_FILTER_CHOICES = [*industries.MAJOR_CHOICES, *industries.DIVISION_LABEL.items()]

MAX_ID = 2**63 - 1  # the largest id a database column holds: a larger number is a 400, never a 500


# --- query parameters -----------------------------------------------------------------------------------------

class CompanyFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(MemberCompany.Status.choices, required=False,
                                     help_text=_("利用状態（active: 利用中、suspended: 利用停止）"))
    industry = serializers.ChoiceField(INDUSTRY_FILTER_CHOICES, required=False,
                                       help_text=_("業種: 日本標準産業分類の大分類（A〜T）または中分類（2桁）"))
    prefecture = serializers.ChoiceField(PREFECTURES, required=False, help_text=_("都道府県名（例: 東京都）"))
    q = serializers.CharField(required=False, max_length=200, help_text=_("会社名・事業内容などの検索語"))


class UserFilterSerializer(serializers.Serializer):
    company = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID, help_text=_("会員企業の ID"))
    is_active = serializers.BooleanField(required=False, allow_null=True, default=None,
                                         help_text=_("true: 有効な ID のみ、false: 停止中の ID のみ"))
    q = serializers.CharField(required=False, max_length=100, help_text=_("ログインID・氏名・メールアドレスの一部"))


class DealFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(Deal.Status.choices, required=False, help_text=_("商談の状態"))


class PeriodSerializer(serializers.Serializer):
    since = serializers.DateField(required=False, help_text=_("集計期間の初日（日本時間、既定は30日前）"))
    until = serializers.DateField(required=False, help_text=_("集計期間の最終日（日本時間、既定は今日）"))

    def validate(self, attrs):
        since, until = attrs.get("since"), attrs.get("until")
        if since and until and since > until:
            raise serializers.ValidationError({"since": _("集計期間の初日は最終日以前の日付にしてください。")})
        return attrs


# --- companies ------------------------------------------------------------------------------------------------

class CompanySerializer(serializers.ModelSerializer):
    industry_name = serializers.SerializerMethodField(help_text=_("業種名"))
    status_name = serializers.CharField(source="get_status_display", read_only=True)
    user_count = serializers.IntegerField(read_only=True, help_text=_("ユーザーID の数"))

    class Meta:
        model = MemberCompany
        fields = ["id", "name", "name_kana", "corporate_number", "industry", "industry_name", "prefecture", "city",
                  "representative", "employees", "founded_year", "capital", "website", "is_published", "status",
                  "status_name", "user_count", "created_at"]
        read_only_fields = fields

    def get_industry_name(self, company: MemberCompany) -> str:
        return str(industries.label_of(company.industry))


# --- users ----------------------------------------------------------------------------------------------------

class UserSerializer(serializers.ModelSerializer):
    login_id = serializers.CharField(source="username", read_only=True)
    company_name = serializers.CharField(source="company.name", read_only=True, default=None)
    role_name = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = User
        fields = ["id", "login_id", "full_name", "email", "role", "role_name", "company", "company_name",
                  "is_active", "last_login", "date_joined"]
        read_only_fields = fields


class UserInviteSerializer(serializers.Serializer):
    """A member user for one of the FI's companies; the person sets the password from the invitation email."""

    company = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text=_("会員企業の ID"))
    login_id = serializers.CharField(max_length=64, help_text=_("ログインID（英数字と . _ @ - の3〜64文字）"))
    email = serializers.EmailField(max_length=254, help_text=_("本人のメールアドレス（招待メールの宛先）"))
    full_name = serializers.CharField(max_length=100, help_text=_("氏名（1つの ID は1人の方専用です）"))


# --- needs and deals ------------------------------------------------------------------------------------------

class CountSerializer(serializers.Serializer):
    value = serializers.CharField(help_text=_("区分の値"))
    label = serializers.CharField(help_text=_("区分の表示名"))
    count = serializers.IntegerField()


class NeedKindStatsSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(Need.Kind.choices)
    label = serializers.CharField()
    total = serializers.IntegerField()
    by_status = CountSerializer(many=True)


class NeedStatsSerializer(serializers.Serializer):
    total = serializers.IntegerField(help_text=_("自行の会員企業のニーズの件数"))
    by_kind = NeedKindStatsSerializer(many=True)


class DealStatsSerializer(serializers.Serializer):
    since = serializers.DateField()
    until = serializers.DateField()
    total = serializers.IntegerField(help_text=_("期間中に申し込まれた、自行の会員企業が関わる商談の件数"))
    by_status = CountSerializer(many=True)
    by_outcome = CountSerializer(many=True)


class CompanyRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class DealSerializer(serializers.ModelSerializer):
    status_name = serializers.CharField(source="get_status_display", read_only=True)
    outcome_name = serializers.CharField(source="get_outcome_display", read_only=True)
    need_title = serializers.CharField(source="need.title", read_only=True)
    requester_company = CompanyRefSerializer(read_only=True)
    receiver_company = CompanyRefSerializer(read_only=True)
    requester_institution = serializers.SlugRelatedField(slug_field="code", read_only=True,
                                                         help_text=_("申込元の金融機関コード"))
    receiver_institution = serializers.SlugRelatedField(slug_field="code", read_only=True,
                                                        help_text=_("申込先の金融機関コード"))

    class Meta:
        model = Deal
        fields = ["id", "status", "status_name", "outcome", "outcome_name", "need", "need_title",
                  "requester_company", "requester_institution", "receiver_company", "receiver_institution", "created_at", "updated_at", "accepted_at", "met_at",
                  "outcome_at", "closed_at"]
        read_only_fields = fields


# --- maintenance and incidents --------------------------------------------------------------------------------

class MaintenanceWindowSerializer(serializers.ModelSerializer):
    kind_name = serializers.CharField(source="get_kind_display", read_only=True)
    status_name = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = MaintenanceWindow
        fields = ["id", "kind", "kind_name", "status", "status_name", "starts_at", "ends_at", "scope", "features",
                  "stops_service", "is_emergency", "message"]
        read_only_fields = fields


class IncidentEntrySerializer(serializers.Serializer):
    created_at = serializers.DateTimeField()
    status = serializers.CharField()
    text = serializers.CharField()


class IncidentSerializer(serializers.ModelSerializer):
    status_name = serializers.CharField(source="get_status_display", read_only=True)
    entries = IncidentEntrySerializer(source="public_entries", many=True, read_only=True,
                                      help_text=_("金融機関向けに公開された経過"))

    class Meta:
        model = Incident
        fields = ["id", "title", "status", "status_name", "public_message", "detected_at", "released_at",
                  "affects_all_institutions", "entries"]
        read_only_fields = fields
