"""Forms of the console's user IDs: invite one person, import a CSV file. Shape only; the rules are in
fiadmin.account_services and members (User.clean: login ID and email unique platform-wide)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import MemberCompany


class AccountInviteForm(forms.Form):
    company = forms.ModelChoiceField(
        label=_("会員企業"), required=False, queryset=MemberCompany.objects.none(),
        empty_label=_("（なし：貴行・貴庫の管理者として招待）"),
        help_text=_("会員企業のユーザーはその会員企業を、金融機関の管理者は「なし」を選んでください。"),
        error_messages={"invalid_choice": _("貴行・貴庫の会員企業から選んでください。")})
    username = forms.CharField(label=_("ログインID"), max_length=64,
                               error_messages={"required": _("ログインIDを入力してください。")})
    full_name = forms.CharField(label=_("氏名"), max_length=100,
                                help_text=_("1つのIDは1人の方だけが使います。共有のIDは作らないでください。"),
                                error_messages={"required": _("氏名を入力してください。")})
    email = forms.EmailField(label=_("メールアドレス"),
                             help_text=_("パスワード設定用のリンクをこのアドレスへお送りします。"),
                             error_messages={"required": _("メールアドレスを入力してください。"),
                                             "invalid": _("メールアドレスの形式が正しくありません。")})

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = (MemberCompany.objects.visible_to(user)
                                           .filter(status=MemberCompany.Status.ACTIVE).order_by("name"))


class AccountImportForm(forms.Form):
    file = forms.FileField(label=_("CSVファイル"), error_messages={"required": _("CSVファイルを選んでください。")})
    dry_run = forms.BooleanField(label=_("確認だけ行う（登録しない）"), required=False, initial=True)
