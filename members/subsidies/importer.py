"""The subsidy catalogue from a CSV file: every row checked first, then all written in one transaction or none.

The file is UTF-8 (with or without BOM, as Excel's "CSV UTF-8" saves it) or Shift_JIS (Excel's plain "CSV";
read as cp932, Windows' Shift_JIS). The first row names the columns (COLUMNS; any order). A row is matched
to the catalogue by its 管理ID, or without one by 名称 and 実施機関, so importing the same file again updates
the programmes instead of adding them twice. Row numbers count the header as row 1, as a spreadsheet does.
"""

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import override

from bigadvance.forms import JapaneseDateField
from members.matching import industries
from members.models import Subsidy
from members.prefectures import PREFECTURES

from . import services
from .services import SubsidyValues

MAX_ROWS = 2000
MAX_BYTES = 5 * 1024 * 1024
NATIONWIDE = "全国"
ALL_INDUSTRIES = ("全業種", "業種を問わない", "すべて")
SEPARATORS = re.compile(r"[、,;/|・\s]+")


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    required: bool
    help: str


COLUMNS = [
    Column("管理ID", "external_id", False, "任意。同じ管理IDの行は上書きします（空欄なら名称と実施機関で照合）"),
    Column("名称", "title", True, "補助金・助成金の名称"),
    Column("実施機関", "organiser", True, "例：中小企業庁、新潟県"),
    Column("概要", "summary", False, "対象となる取組・経費など"),
    Column("対象地域", "prefectures", True, "「全国」または都道府県名（複数は「、」区切り。「東京」のように都府県を省略可）"),
    Column("対象業種", "industries", False, "日本標準産業分類の大分類（A〜T）・中分類（2桁）の記号か名称。空欄は全業種"),
    Column("補助額・補助率", "amount_text", False, "例：上限1,250万円（補助率1/2）"),
    Column("受付開始日", "starts_on", True, "例：2026-12-01、2026/12/01、2026年12月1日"),
    Column("受付終了日", "ends_on", False, "空欄は随時受付"),
    Column("公式URL", "url", True, "https:// で始まるアドレス"),
    Column("公開", "is_published", False, "「公開」「非公開」（1/0、はい/いいえも可）。空欄は公開"),
]
HEADER_OF = {column.field: column.header for column in COLUMNS}
COLUMN_OF = {column.header: column for column in COLUMNS}
TRUE_WORDS = {"公開", "1", "はい", "true", "yes", "○", "◯"}
FALSE_WORDS = {"非公開", "0", "いいえ", "false", "no", "×", "✕"}


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    ERROR = "error"


ACTION_LABELS = {Action.CREATE: "新規", Action.UPDATE: "更新", Action.UNCHANGED: "変更なし", Action.ERROR: "エラー"}


@dataclass
class RowReport:
    line: int
    title: str
    action: Action
    errors: list[str] = field(default_factory=list)
    values: SubsidyValues | None = None
    existing: Subsidy | None = None


@dataclass
class ImportReport:
    dry_run: bool
    encoding: str = ""
    file_errors: list[str] = field(default_factory=list)
    rows: list[RowReport] = field(default_factory=list)
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.file_errors and bool(self.rows) and all(row.action != Action.ERROR for row in self.rows)

    def count(self, action: Action) -> int:
        return sum(1 for row in self.rows if row.action == action)


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name). UTF-8 first (a BOM is dropped), then Shift_JIS (cp932)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "UTF-8 (BOM)"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        return data.decode("cp932"), "Shift_JIS"


def _nfkc(value: str | None) -> str:
    return unicodedata.normalize("NFKC", value or "").strip()


def _prefecture_names() -> dict[str, str]:
    names = {name: name for name in PREFECTURES}
    names.update({name[:-1]: name for name in PREFECTURES if name[-1] in "都府県"})
    return names


PREFECTURE_OF = _prefecture_names()


def _industry_codes() -> dict[str, str]:
    """Codes and names (Japanese, as the industry list writes them) to codes."""
    with override("ja"):
        codes = {_nfkc(str(label)): code for code, label in industries.MAJOR_CHOICES}
        codes.update({_nfkc(str(label)): code for code, label in industries.DIVISION_LABEL.items()})
    codes.update({code: code for code in services.INDUSTRY_CODES})
    return codes


def parse_prefectures(text: str) -> tuple[bool, list[str], list[str]]:
    """(nationwide, prefectures, errors) of an 対象地域 cell."""
    words = [word for word in SEPARATORS.split(_nfkc(text)) if word]
    if not words:
        return False, [], [_("対象地域を入力してください（全国が対象なら「全国」）。")]
    if NATIONWIDE in words:
        if len(words) > 1:
            return True, [], [_("「全国」と都道府県名は一緒に書けません。")]
        return True, [], []
    unknown = [word for word in words if word not in PREFECTURE_OF]
    if unknown:
        return False, [], [_("都道府県名が正しくありません: %(names)s") % {"names": "、".join(unknown)}]
    return False, [PREFECTURE_OF[word] for word in words], []


def parse_industries(text: str) -> tuple[list[str], list[str]]:
    """(codes, errors) of an 対象業種 cell: codes such as E or 24 (9 → 09, as Excel drops the zero) or names."""
    cleaned = _nfkc(text)
    if not cleaned or cleaned in ALL_INDUSTRIES:
        return [], []
    known = _industry_codes()
    codes, unknown = [], []
    for word in (word for word in SEPARATORS.split(cleaned) if word):
        word = word.upper() if word.isascii() else word
        if word.isdigit() and len(word) == 1:
            word = "0" + word
        if word in known:
            codes.append(known[word])
        else:
            unknown.append(word)
    if unknown:
        return [], [_("業種が正しくありません: %(codes)s（大分類の記号 A〜T、中分類の2桁の番号、またはその名称）")
                    % {"codes": "、".join(unknown)}]
    return codes, []


def parse_published(text: str) -> tuple[bool, list[str]]:
    word = _nfkc(text).casefold()
    if not word or word in TRUE_WORDS:
        return True, []
    if word in FALSE_WORDS:
        return False, []
    return True, [_("「公開」か「非公開」と書いてください。")]


def _date(text: str) -> tuple[object, list[str]]:
    try:
        return JapaneseDateField(required=False).clean(_nfkc(text)), []
    except ValidationError as exc:
        return None, list(exc.messages)


def parse_row(cells: dict[str, str]) -> tuple[SubsidyValues, dict[str, list[str]]]:
    """The values of one row and the problems found reading its cells, by field (the catalogue's own checks
    come after)."""
    errors: dict[str, list[str]] = {}

    def cell(name: str) -> str:
        return _nfkc(cells.get(HEADER_OF[name]))

    for column in COLUMNS:
        if column.required and not cell(column.field):
            errors[column.field] = [_("%(column)s を入力してください。") % {"column": column.header}]
    nationwide, prefectures, problems = (parse_prefectures(cell("prefectures")) if cell("prefectures")
                                         else (False, [], []))
    codes, industry_problems = parse_industries(cell("industries"))
    published, published_problems = parse_published(cell("is_published"))
    starts_on, start_problems = _date(cell("starts_on"))
    ends_on, end_problems = _date(cell("ends_on"))
    for name, messages in (("prefectures", problems), ("industries", industry_problems),
                           ("is_published", published_problems), ("starts_on", start_problems),
                           ("ends_on", end_problems)):
        if messages:
            errors.setdefault(name, []).extend(messages)
    values = SubsidyValues(
        external_id=cell("external_id"), title=cell("title"), organiser=cell("organiser"),
        summary=(cells.get(HEADER_OF["summary"]) or "").strip(), is_nationwide=nationwide, prefectures=prefectures,
        industries=codes, amount_text=cell("amount_text"), starts_on=starts_on, ends_on=ends_on, url=cell("url"),
        is_published=published)
    return values, errors


def _messages(errors: dict[str, list[str]]) -> list[str]:
    """Messages as the report prints them: each after its column's name (a required cell's names it already)."""
    lines = []
    for name, messages in errors.items():
        label = HEADER_OF.get(name, "")
        lines += [message if not label or message.startswith(label) else f"{label}: {message}"
                  for message in messages]
    return lines


def _check_header(fieldnames: list[str] | None) -> list[str]:
    if not fieldnames:
        return [_("1行目に列名（見出し）がありません。")]
    headers = [_nfkc(name) for name in fieldnames]
    errors = []
    unknown = [name for name in headers if name and name not in COLUMN_OF]
    if unknown:
        errors.append(_("知らない列があります: %(names)s（使える列: %(columns)s）")
                      % {"names": "、".join(unknown), "columns": "、".join(COLUMN_OF)})
    twice = sorted({name for name in headers if name and headers.count(name) > 1})
    if twice:
        errors.append(_("同じ名前の列が複数あります: %(names)s") % {"names": "、".join(twice)})
    missing = [column.header for column in COLUMNS if column.required and column.header not in headers]
    if missing:
        errors.append(_("必須の列がありません: %(names)s") % {"names": "、".join(missing)})
    return errors


def _catalogue() -> tuple[dict[str, Subsidy], dict[tuple[str, str], Subsidy]]:
    rows = list(Subsidy.objects.with_targets())
    return ({row.external_id: row for row in rows if row.external_id},
            {(row.title, row.organiser): row for row in rows})


def _check_rows(reader: csv.DictReader, report: ImportReport) -> None:
    by_id, by_title = _catalogue()
    seen: dict[object, int] = {}
    for record, cells in enumerate(reader, start=2):
        if None in cells:
            report.rows.append(RowReport(record, "", Action.ERROR, [_("列の数が見出しより多くなっています。")]))
            continue
        cells = {_nfkc(name): value for name, value in cells.items()}
        if not any(_nfkc(value) for value in cells.values()):
            continue  # an empty line (spreadsheets leave them at the end)
        if len(report.rows) >= MAX_ROWS:
            report.file_errors.append(_("行が多すぎます。1ファイル %(max)d 行までにしてください。") % {"max": MAX_ROWS})
            return
        values, errors = parse_row(cells)
        row = RowReport(record, values.title, Action.ERROR, [], values)
        report.rows.append(row)
        keys = [("id", values.external_id)] if values.external_id else []
        keys.append(("title", values.title, values.organiser))
        for key in keys:
            if key in seen and values.title:
                errors.setdefault("__all__", []).append(
                    _("%(line)d 行目と同じ補助金です（管理ID、または名称と実施機関が同じ）。") % {"line": seen[key]})
            seen.setdefault(key, record)
        existing = _match(values, by_id, by_title)
        if not errors and existing is not None and SubsidyValues.of(existing) == _with_kept_id(values, existing):
            row.action, row.existing = Action.UNCHANGED, existing
            continue
        try:
            services.subsidy_validate(values, subsidy=_copy(existing))
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                if name not in errors:  # a cell that could not be read is reported once, as read
                    errors[name] = messages
        row.errors = _messages(errors)
        if not row.errors:
            row.action, row.existing = (Action.UPDATE if existing else Action.CREATE), existing


def _match(values: SubsidyValues, by_id: dict, by_title: dict) -> Subsidy | None:
    """The programme a row updates: the one with its 管理ID; else the one with its 名称 and 実施機関, unless
    that one carries another 管理ID."""
    if values.external_id and values.external_id in by_id:
        return by_id[values.external_id]
    same_title = by_title.get((values.title, values.organiser))
    if same_title is not None and not (values.external_id and same_title.external_id):
        return same_title
    return None


def _with_kept_id(values: SubsidyValues, existing: Subsidy) -> SubsidyValues:
    tidied = values.tidied()
    if not tidied.external_id:
        tidied.external_id = existing.external_id
    return tidied


def _copy(subsidy: Subsidy | None) -> Subsidy | None:
    """A detached copy, so checking a row does not change the row written later."""
    if subsidy is None:
        return None
    copy = Subsidy.objects.model(**{f.attname: getattr(subsidy, f.attname) for f in Subsidy._meta.concrete_fields})
    copy._state.adding = False
    return copy


def subsidies_import(*, data: bytes, dry_run: bool = False) -> ImportReport:
    """Check every row of a catalogue file; when all are right (and not `dry_run`), write them all at once."""
    report = ImportReport(dry_run=dry_run)
    if len(data) > MAX_BYTES:
        report.file_errors.append(_("ファイルが大きすぎます（%(max)d MB まで）。") % {"max": MAX_BYTES // 1024 // 1024})
        return report
    try:
        text, report.encoding = decode(data)
    except UnicodeDecodeError:
        report.file_errors.append(_("文字コードを読み取れません。UTF-8 か Shift_JIS の CSV で保存してください。"))
        return report
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        report.file_errors += _check_header(reader.fieldnames)
        if not report.file_errors:
            _check_rows(reader, report)
    except csv.Error as exc:
        report.file_errors.append(_("CSV として読み取れません（%(line)d 行目付近）: %(error)s")
                                  % {"line": reader.line_num, "error": exc})
    if not report.rows and not report.file_errors:
        report.file_errors.append(_("取り込む行がありません。"))
    if report.ok and not dry_run:
        try:
            _write(report)
        except (IntegrityError, ValidationError) as exc:  # changed by someone else between check and write
            report.file_errors.append(_("書き込み中に別の変更と重なったため、何も取り込んでいません: %(error)s")
                                      % {"error": exc})
    return report


@transaction.atomic
def _write(report: ImportReport) -> None:
    for row in report.rows:
        if row.action in (Action.CREATE, Action.UPDATE):
            row.existing = services.subsidy_save(values=row.values, subsidy=row.existing)
    report.written = True
