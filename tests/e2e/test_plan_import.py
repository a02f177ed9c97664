"""Plan tables over HTTP, against the demo served as in production, as the people who use
them: a member of 広報担当 brings the action plan as it was printed (title, legend, a
two-row header, merged section and group rows, repeated headers, combined marks, footnotes)
and creates a plan from it, reads how the sheet was read and publishes it; a citizen reads
the plan; the office then brings the departments' returned progress sheets (a status in the
city's own words, a narrative with no status, a blank 実績 cell) and a sheet with a mistake;
the citizen and an API client read the result, and nothing a department left blank is lost."""

from __future__ import annotations

import io
import json
import re
import urllib.parse

import pytest
from openpyxl import Workbook

from ..plans.tables.test_layouts import action_plan_xlsx
from .web import Browser

TITLE = "青葉市協働推進アクションプラン（平成20年度～24年度）"
MEASURE = "協働(共働)の意識を高める"
ITEM_1 = "協働事例集の作成・配布"
ITEM_2 = "協働ハンドブックの作成"
ITEM_3 = "職員向け協働研修の実施"
NARRATIVE_1 = "協働事例集を500部作成し、市民活動団体と自治会に配布しました。"
NARRATIVE_2 = "ハンドブックの原稿を市民活動団体と一緒に作成しています。"


@pytest.fixture(scope="module")
def site(staff_site) -> str:
    return staff_site


def _ok(response) -> str:
    status, _headers, text = response
    assert status == 200, (status, text[:500])
    return text


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _xlsx(rows: list[list]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _upload(
    office: Browser, fields: dict, filename: str, data: bytes, path: str = "/admin/kyodo/imports/"
) -> str:
    """The check of a file: the report page's address."""
    status, headers, text = office.post(path, fields, files={"file": (filename, data)})
    assert status == 302, _text(text)[:2000]
    return headers["Location"]


def _apply(office: Browser, report_url: str) -> str:
    status, headers, text = office.post(report_url.rstrip("/") + "/apply/", {})
    assert status == 302, _text(text)[:2000]
    return _ok(office.get(headers["Location"]))


def _api(reader: Browser, path: str, **query) -> dict:
    url = path + ("?" + urllib.parse.urlencode(query) if query else "")
    return json.loads(_ok(reader.get(url)))


def _path(url: str) -> str:
    """The path of a page's address as API v2 gives it (the site's own host name)."""
    return urllib.parse.urlsplit(url).path


def _item(reader: Browser, title: str) -> dict:
    """The item of the imported plan called ``title``, from API v2."""
    found = _api(reader, "/api/v2/pages/", type="plans.ActionItemPage", title=title, fields="*")["items"]
    ours = [item for item in found if TITLE in _text(_ok(reader.get(_path(item["meta"]["html_url"]))))]
    assert len(ours) == 1, found
    return ours[0]


def test_a_printed_plan_and_the_returned_progress_sheets_over_http(site):
    office, reader = Browser(site), Browser(site)
    office.log_in("koho", "koho-pass-2026")

    # 広報担当 creates the plan from the sheet as it was printed, and publishes it.
    form = _ok(office.get("/admin/kyodo/imports/"))
    assert "新しい計画を作る" in form and "計画表のひな形" in form
    index_id = re.search(r'name="parent"[^>]*>.*?<option value="(\d+)"', form, re.S).group(1)
    report_url = _upload(
        office,
        {
            "target": "new",
            "title": TITLE,
            "period_start": "平成20年度",
            "period_end": "24年度",
            "parent": index_id,
            "sheet": "",
            "status_year": "",
            "publish": "publish",
        },
        "アクションプラン.xlsx",
        action_plan_xlsx(),
    )
    report = _text(_ok(office.get(report_url)))
    assert "反映する" in report and "エラー（" not in report, report[:3000]
    # How the sheet was read, row by row.
    assert "シートの読み方" in report
    for reading in ("見出し", "読み飛ばし（凡例）", "読み飛ばし（見出しの繰り返し）", "読み飛ばし（注記）"):
        assert reading in report, reading
    assert "協働(共働)の意識を高める" in report and "■職員の意識改革" in report
    assert "最初の「★」（市民）を主体としました" in report  # 「★ ◎」
    result = _text(_apply(office, report_url))
    assert "反映済み" in result

    # A citizen reads the plan, its measures and items, as printed.
    item_3 = _item(reader, ITEM_3)
    page = _text(_ok(reader.get(_path(item_3["meta"]["html_url"]))))
    assert "職員の意識改革" in page and "人事課" in page and "市民が主体" in page
    assert "平成20年度" in page  # the schedule, in 和暦 with the Western year
    parent = _api(reader, f"/api/v2/pages/{item_3['id']}/")["meta"]["parent"]
    measure = _text(_ok(reader.get(_path(parent["meta"]["html_url"]))))
    assert "協働(共働)の意識を高める" in measure

    # The departments send their sheets back for 平成21年度: a status in the plan's words
    # (やや遅れ is a word of its own), a narrative with no status (評価なし).
    returned = _xlsx(
        [
            ["施策", "No", "取組名", "進捗状況", "各課での具体的な動き"],
            [MEASURE, "1", ITEM_1, "順調", NARRATIVE_1],
            [None, "2", ITEM_2, "", NARRATIVE_2],
            [None, "3", ITEM_3, "やや遅れ", "研修を1回実施しました。"],
        ]
    )
    plan_id = _api(reader, "/api/v2/pages/", type="plans.PlanPage", title=TITLE)["items"][0]["id"]
    existing = {"target": "existing", "sheet": "", "status_year": "平成21年度", "publish": "publish"}
    path = f"/admin/kyodo/imports/plan/{plan_id}/"  # the button on the plan's page
    report_url = _upload(office, existing, "進捗_平成21年度.xlsx", returned, path)
    report = _text(_ok(office.get(report_url)))
    assert "変更の内容" in report and NARRATIVE_1[:20] in report
    _apply(office, report_url)

    # A second sheet from the first department: a new status, the 実績 cell left blank.
    again = _xlsx(
        [["施策", "No", "取組名", "進捗状況", "各課での具体的な動き"], [MEASURE, "1", ITEM_1, "概ね順調", ""]]
    )
    report_url = _upload(office, existing, "進捗_平成21年度_再提出.xlsx", again, path)
    report = _text(_ok(office.get(report_url)))
    # The old and the new value: the narrative the blank cell leaves as it is, on both sides.
    assert f"変更前 順調 / {NARRATIVE_1[:20]}" in report and f"変更後 概ね順調 / {NARRATIVE_1[:20]}" in report
    _apply(office, report_url)

    # A sheet with a word the plan does not use changes nothing and says what to write.
    wrong = _xlsx([["施策", "No", "取組名", "進捗状況"], [MEASURE, "1", ITEM_1, "たぶん順調"]])
    report_url = _upload(office, existing, "進捗_誤り.xlsx", wrong, path)
    report = _text(_ok(office.get(report_url)))
    assert "「たぶん順調」は使える語ではありません" in report and "やや遅れ" in report
    status, headers, _html = office.post(report_url.rstrip("/") + "/apply/", {})
    assert status == 302
    assert "反映できません" in _text(_ok(office.get(headers["Location"])))

    # The citizen and an API client see every department's answer; nothing left blank was lost.
    page_1 = _text(_ok(reader.get(_path(_item(reader, ITEM_1)["meta"]["html_url"]))))
    assert "概ね順調" in page_1 and NARRATIVE_1 in page_1
    page_2 = _text(_ok(reader.get(_path(_item(reader, ITEM_2)["meta"]["html_url"]))))
    assert "評価なし" in page_2 and NARRATIVE_2 in page_2
    page_3 = _text(_ok(reader.get(_path(_item(reader, ITEM_3)["meta"]["html_url"]))))
    assert "やや遅れ" in page_3
    open_item = _api(reader, f"/api/open/items/{_item(reader, ITEM_3)['id']}")
    progress = {entry["fiscal_year"]: entry for entry in open_item["progress"]}
    assert progress[2009]["status"]["code"] == "delayed" and progress[2009]["grade"]["label"] == "やや遅れ"
    open_item = _api(reader, f"/api/open/items/{_item(reader, ITEM_2)['id']}")
    progress = {entry["fiscal_year"]: entry for entry in open_item["progress"]}
    assert progress[2009]["status"] is None and progress[2009]["grade"]["label"] == "評価なし"
    open_item = _api(reader, f"/api/open/items/{_item(reader, ITEM_1)['id']}")
    progress = {entry["fiscal_year"]: entry for entry in open_item["progress"]}
    assert (
        progress[2009]["narrative"] == NARRATIVE_1 and progress[2009]["status"]["code"] == "mostly_on_track"
    )
