"""User IDs an FI admin creates (USR-1): one named person per ID, by invitation email only (the admin never types
or sees a password); stopping and resuming an ID; bulk creation from a CSV file where one bad row creates nothing.
"""

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from members.join.invitations import invitation_send
from members.models import MemberCompany, Role, User
from members.policies import is_fi_admin, may_manage_account
from members.services import user_create, user_set_active

from .services import member_user_invite

CSV_MAX_BYTES = 1024 * 1024
CSV_MAX_ROWS = 1000
CSV_COLUMNS = ("ログインID", "氏名", "メールアドレス", "会員企業名")


@transaction.atomic
def fi_admin_user_invite(*, actor: User, username: str, email: str, full_name: str) -> User:
    """A fellow admin of the actor's own bank, by the same invitation as a member user."""
    if not is_fi_admin(actor):
        raise PermissionDenied(_("金融機関管理者だけがユーザーIDを作成できます。"))
    user = user_create(username=username, email=email, full_name=full_name, role=Role.FI_ADMIN, password=None,
                       institution=actor.institution)
    invitation_send(user=user)
    return user


@transaction.atomic
def account_invite(*, actor: User, username: str, email: str, full_name: str,
                   company: MemberCompany | None) -> User:
    """A member user of one of the actor's companies, or (company None) a fellow admin of the actor's bank."""
    if not is_fi_admin(actor):
        raise PermissionDenied(_("金融機関管理者だけがユーザーIDを作成できます。"))
    if company is None:
        return fi_admin_user_invite(actor=actor, username=username, email=email, full_name=full_name)
    if company.institution_id != actor.institution_id:
        raise ValidationError({"company": _("貴行・貴庫の会員企業から選んでください。")})
    return member_user_invite(company=company, username=username, email=email, full_name=full_name)


@transaction.atomic
def account_set_active(*, actor: User, account: User, is_active: bool) -> User:
    """Stop or resume an ID of the actor's bank; an admin never stops their own ID (someone must remain)."""
    if not may_manage_account(actor, account):
        raise PermissionDenied(_("このユーザーを管理する権限がありません。"))
    if account.pk == actor.pk and not is_active:
        raise ValidationError(_("自分自身のユーザーIDは停止できません。"))
    return user_set_active(user=account, is_active=is_active)


# --- bulk creation from CSV ----------------------------------------------------------------------------------

@dataclass
class ImportRow:
    line: int
    username: str
    full_name: str
    email: str
    company_name: str
    company: MemberCompany | None = None
    errors: list[str] = field(default_factory=list)


@dataclass
class ImportResult:
    rows: list[ImportRow]
    file_errors: list[str]
    created: int = 0

    @property
    def ok(self) -> bool:
        return not self.file_errors and bool(self.rows) and not any(row.errors for row in self.rows)


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) first, then Shift_JIS (Excel's Japanese default, cp932)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp932")


def _parse(data: bytes) -> tuple[list[ImportRow], list[str]]:
    if len(data) > CSV_MAX_BYTES:
        return [], [_("ファイルが大きすぎます（1MBまで）。")]
    try:
        text = _decode(data)
    except UnicodeDecodeError:
        return [], [_("文字コードを読み取れません。UTF-8 または Shift_JIS の CSV ファイルを指定してください。")]
    records = list(csv.reader(io.StringIO(text)))
    if not records or [cell.strip() for cell in records[0]][:4] != list(CSV_COLUMNS):
        return [], [_("1行目は見出し「%(columns)s」にしてください。") % {"columns": ",".join(CSV_COLUMNS)}]
    body = [(number, record) for number, record in enumerate(records[1:], start=2) if any(c.strip() for c in record)]
    if not body:
        return [], [_("登録するユーザーの行がありません。")]
    if len(body) > CSV_MAX_ROWS:
        return [], [_("一度に登録できるのは%(max)d行までです。") % {"max": CSV_MAX_ROWS}]
    rows = []
    for number, record in body:
        cells = [cell.strip() for cell in record] + [""] * 4
        row = ImportRow(number, cells[0], cells[1], cells[2], cells[3])
        if len(record) > 4 and any(c.strip() for c in record[4:]):
            row.errors.append(_("列が多すぎます（4列にしてください）。"))
        rows.append(row)
    return rows, []


def _check(actor: User, rows: list[ImportRow]) -> None:
    names = {row.company_name for row in rows if row.company_name}
    companies = {company.name: company for company in
                 MemberCompany.objects.visible_to(actor).filter(name__in=names)}
    seen_ids: dict[str, int] = {}
    seen_emails: dict[str, int] = {}
    for row in rows:
        if row.company_name:
            row.company = companies.get(row.company_name)
            if row.company is None:
                row.errors.append(_("会員企業「%(name)s」は貴行・貴庫の会員企業にありません。") % {"name": row.company_name})
            elif row.company.status != MemberCompany.Status.ACTIVE:
                row.errors.append(_("利用停止中の会員企業にはユーザーを招待できません。"))
        for value, seen, message in ((row.username.lower(), seen_ids, _("ログインIDが%(line)d行目と重複しています。")),
                                     (row.email.lower(), seen_emails, _("メールアドレスが%(line)d行目と重複しています。"))):
            if value and value in seen:
                row.errors.append(message % {"line": seen[value]})
            elif value:
                seen[value] = row.line
        user = User(username=row.username, email=row.email, full_name=row.full_name,
                    role=Role.MEMBER if row.company_name else Role.FI_ADMIN,
                    company=row.company, institution=actor.institution)
        if row.company_name and row.company is None:
            continue
        try:
            user.full_clean(exclude=["password"])
        except ValidationError as exc:
            row.errors.extend(exc.messages)


def accounts_import(*, actor: User, data: bytes, dry_run: bool) -> ImportResult:
    """Check every row; unless `dry_run`, create all of them and queue their invitations in one transaction,
    or none when any row is bad."""
    if not is_fi_admin(actor):
        raise PermissionDenied(_("金融機関管理者だけがユーザーIDを作成できます。"))
    rows, file_errors = _parse(data)
    result = ImportResult(rows=rows, file_errors=file_errors)
    if file_errors:
        return result
    _check(actor, rows)
    if result.ok and not dry_run:
        with transaction.atomic():
            for row in rows:
                account_invite(actor=actor, username=row.username, email=row.email, full_name=row.full_name,
                               company=row.company)
        result.created = len(rows)
    return result
