"""import_subsidies: every row checked first, then all written at once or nothing; a report per row (SVC-1)."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command

from members.models import Subsidy, SubsidyIndustry, SubsidyPrefecture
from members.subsidies import demo
from members.subsidies.importer import Action, subsidies_import
from tests.members.subsidy_factories import csv_bytes, csv_row, make_subsidy, today

pytestmark = [pytest.mark.django_db, pytest.mark.req("SVC-1")]


def _run(tmp_path, data: bytes, *args) -> tuple[str, CommandError | None]:
    path = tmp_path / "subsidies.csv"
    path.write_bytes(data)
    from io import StringIO

    out = StringIO()
    try:
        call_command("import_subsidies", str(path), *args, stdout=out)
    except CommandError as exc:
        return out.getvalue(), exc
    return out.getvalue(), None


GOOD_ROWS = [
    csv_row(管理ID="monodukuri-22"),
    csv_row(管理ID="niigata-dx", 名称="新潟県 DX推進補助金", 実施機関="新潟県", 対象地域="新潟県、長野", 対象業種="E、39"),
    csv_row(名称="業務改善助成金", 実施機関="厚生労働省", 受付終了日="", 公開="非公開"),
]


def test_a_good_file_imports_every_row_with_its_targets(tmp_path):
    out, error = _run(tmp_path, csv_bytes(GOOD_ROWS))
    assert error is None
    assert "2行目 OK（新規）: ものづくり補助金" in out and "4行目 OK（新規）: 業務改善助成金" in out
    assert "取り込みました（新規 3 件" in out
    niigata = Subsidy.objects.get(external_id="niigata-dx")
    assert not niigata.is_nationwide
    assert sorted(SubsidyPrefecture.objects.filter(subsidy=niigata).values_list("prefecture", flat=True)) == \
        sorted(["新潟県", "長野県"])  # 「長野」 is read as 長野県
    assert sorted(SubsidyIndustry.objects.filter(subsidy=niigata).values_list("code", flat=True)) == ["39", "E"]
    rolling = Subsidy.objects.get(title="業務改善助成金")
    assert rolling.ends_on is None and rolling.is_published is False


def test_importing_the_same_file_again_updates_instead_of_duplicating(tmp_path):
    _run(tmp_path, csv_bytes(GOOD_ROWS))
    out, error = _run(tmp_path, csv_bytes(GOOD_ROWS))
    assert error is None and "変更なし 3 件" in out
    assert Subsidy.objects.count() == 3
    changed = [csv_row(管理ID="monodukuri-22", 名称="ものづくり補助金(第22次)"), *GOOD_ROWS[1:]]
    changed[2] = {**changed[2], "補助額・補助率": "上限600万円"}
    out, error = _run(tmp_path, csv_bytes(changed))
    assert error is None and "新規 0 件、更新 2 件、変更なし 1 件" in out
    assert Subsidy.objects.count() == 3
    assert Subsidy.objects.get(external_id="monodukuri-22").title == "ものづくり補助金(第22次)"
    assert Subsidy.objects.get(title="業務改善助成金").amount_text == "上限600万円"  # matched by name and organiser


def test_one_bad_row_is_reported_and_nothing_is_imported(tmp_path):
    make_subsidy(title="既存の補助金")
    rows = [*GOOD_ROWS, csv_row(名称="県の補助金", 対象地域="東京府", 受付開始日="2026年2月30日",
                                公式URL="http://example.jp/")]
    out, error = _run(tmp_path, csv_bytes(rows))
    assert error is not None and "何も取り込んでいません" in str(error)
    assert "5行目 エラー: 対象地域: 都道府県名が正しくありません: 東京府" in out
    assert "5行目 エラー: 受付開始日: 存在しない日付です（2026年2月30日）。" in out
    assert "5行目 エラー: 公式URL: 公式サイトのURLは https:// で始まる正しいアドレスを入力してください。" in out
    assert out.count("公式URL") == 1  # one message for an http:// address, not two
    assert "2行目 OK（新規）" in out  # the good rows are reported too
    assert list(Subsidy.objects.values_list("title", flat=True)) == ["既存の補助金"]


def test_the_exit_code_is_not_zero_on_errors(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes([csv_row(名称="")]))
    from django.core.management import execute_from_command_line

    with pytest.raises(SystemExit) as exited:
        execute_from_command_line(["manage.py", "import_subsidies", str(path)])
    assert exited.value.code != 0


def test_a_dry_run_checks_everything_and_writes_nothing(tmp_path):
    out, error = _run(tmp_path, csv_bytes(GOOD_ROWS), "--dry-run")
    assert error is None
    assert "確認のみ（--dry-run）: 何も書き込んでいません（新規 3 件" in out
    assert not Subsidy.objects.exists()
    out, error = _run(tmp_path, csv_bytes([csv_row(受付終了日="2000-01-01")]), "--dry-run")
    assert error is not None and "受付終了日は受付開始日以降の日付にしてください。" in out


@pytest.mark.parametrize(("encoding", "label"), [("shift_jis", "Shift_JIS"), ("cp932", "Shift_JIS"),
                                                 ("utf-8-sig", "UTF-8 (BOM)"), ("utf-8", "UTF-8")])
def test_shift_jis_and_utf8_with_or_without_bom_are_read(tmp_path, encoding, label):
    rows = [csv_row(名称="小規模事業者持続化補助金（一般型）", 実施機関="日本商工会議所・全国商工会連合会",
                    概要="販路開拓の取組を支援します。ＩＴ導入も対象", 対象業種="製造業、情報サービス業")]
    out, error = _run(tmp_path, csv_bytes(rows, encoding=encoding))
    assert error is None, out
    assert f"文字コード: {label}" in out
    subsidy = Subsidy.objects.get()
    assert subsidy.title == "小規模事業者持続化補助金(一般型)" and subsidy.summary.endswith("IT導入も対象")
    assert subsidy.target_industry_codes == ["39", "E"]


def test_a_file_in_another_encoding_is_refused_with_a_clear_message(tmp_path):
    out, error = _run(tmp_path, "名称,実施機関\n".encode("utf-16"))
    assert error is not None and "UTF-8 か Shift_JIS" in out


def test_missing_and_unknown_columns_are_named(tmp_path):
    data = csv_bytes([{"名称": "ものづくり補助金", "締切": "2026-12-01"}], headers=["名称", "締切"])
    out, error = _run(tmp_path, data)
    assert error is not None
    assert "知らない列があります: 締切" in out
    assert "必須の列がありません: 実施機関、対象地域、受付開始日、公式URL" in out


def test_the_same_programme_twice_in_one_file_is_an_error(tmp_path):
    out, error = _run(tmp_path, csv_bytes([csv_row(), csv_row(概要="別の説明")]))
    assert error is not None and "3行目 エラー: 2 行目と同じ補助金です" in out
    assert not Subsidy.objects.exists()


def test_cells_are_checked_one_by_one(tmp_path):
    rows = [csv_row(管理ID="a", 名称="", 対象地域="全国、東京都"),
            csv_row(管理ID="b", 名称="B", 対象業種="Z、9", 公開="たぶん"),
            csv_row(管理ID="c", 名称="C", 受付開始日="来月")]
    report = subsidies_import(data=csv_bytes(rows))
    assert [row.action for row in report.rows] == [Action.ERROR] * 3
    first, second, third = (row.errors for row in report.rows)
    assert "名称 を入力してください。" in first and "対象地域: 「全国」と都道府県名は一緒に書けません。" in first
    assert any(message.startswith("対象業種: 業種が正しくありません: Z（") for message in second)
    assert "公開: 「公開」か「非公開」と書いてください。" in second
    assert third == ["受付開始日: 日付は「2027-02-10」または「2027年2月10日」の形式で入力してください。"]


def test_an_empty_file_imports_nothing(tmp_path):
    out, error = _run(tmp_path, csv_bytes([]))
    assert error is not None and "取り込む行がありません。" in out


def test_a_row_that_would_clash_with_another_programme_is_refused(tmp_path):
    make_subsidy(title="ものづくり補助金", organiser="中小企業庁", external_id="old-id")
    out, error = _run(tmp_path, csv_bytes([csv_row(管理ID="new-id")]))
    assert error is not None and "同じ名称・実施機関の補助金が既に登録されています。" in out
    assert Subsidy.objects.get().external_id == "old-id"


def test_the_demo_catalogue_imports_through_the_same_importer_and_is_idempotent():
    demo.seed()
    count = Subsidy.objects.count()
    assert count >= 15
    demo.seed()
    assert Subsidy.objects.count() == count
    monodukuri = Subsidy.objects.get(external_id="chusho-monodukuri-22")
    assert monodukuri.ends_on == today() + timedelta(days=10)  # dates follow the seeding day
    niigata = Subsidy.objects.get(external_id="niigata-monozukuri-dx")
    assert niigata.target_industry_codes == ["E"] and not niigata.is_nationwide
