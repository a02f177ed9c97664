"""The yearly reporting round over HTTP, against the demo served as in production, with three
people: a member of 広報担当 opens a round for 青葉市市民参加推進計画（第2次）, 令和7年度; a
member of 情報公開課 (担当課職員) records and submits two items in 「担当の事業」; PR returns
one with a reason; the department corrects and resubmits it; PR approves both and closes
the round; a citizen reads the published report, whose figures stay as they were when an
item is edited afterwards."""

from __future__ import annotations

import re

import pytest

from .web import Browser

YEAR = 2025
PLAN_SLUG = "participation-plan-2"
REPORT_PATH = f"/plans/{PLAN_SLUG}/report-{YEAR}/"


@pytest.fixture(scope="module")
def site(staff_site) -> str:
    return staff_site


def _ok(response) -> str:
    status, _headers, text = response
    assert status == 200, (status, text[:500])
    return text


def _answer(round_page: str, item_id: str) -> str:
    row = round_page.split(f'id="item-{item_id}"', 1)[1].split("</tr>", 1)[0]
    return re.search(r"kyodo-answer--(\w+)", row).group(1)


def _submit(browser: Browser, item_id: str, **fields) -> None:
    url = f"/admin/kyodo/my-items/{item_id}/progress/?year={YEAR}"
    form = _ok(browser.get(url))
    assert 'name="submit"' in form
    status, _headers, text = browser.post(url, {"fiscal_year": str(YEAR), "submit": "submit", **fields})
    assert status == 302, text[:2000]


def _figures(reader: Browser) -> tuple[str, str]:
    page = _ok(reader.get(REPORT_PATH))
    counts = re.search(r"(\d+)事業のうち(\d+)事業", page).groups()
    table = page.split('id="summary-heading"', 1)[1].split("</table>", 1)[0]
    return counts, re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", table))


def test_a_round_run_by_the_office_and_a_department_over_http(site):
    office, department, reader = Browser(site), Browser(site), Browser(site)
    office.log_in("koho", "koho-pass-2026")
    department.log_in("joho", "joho-pass-2026")

    # 広報担当 opens the round.
    form = _ok(office.get("/admin/kyodo/rounds/new/"))
    plan_id = re.search(r'<option value="(\d+)">青葉市市民参加推進計画（第2次）</option>', form).group(1)
    status, headers, _text = office.post(
        "/admin/kyodo/rounds/new/",
        {
            "plan": plan_id,
            "fiscal_year": str(YEAR),
            "due_date": "2026-05-29",
            "message": "5月29日までに提出してください。",
        },
    )
    assert status == 302
    round_url = headers["Location"]
    assert re.fullmatch(r".*/admin/kyodo/rounds/\d+/", round_url)

    # The department sees it in 「担当の事業」 with the year selected, and submits two items.
    my_items = _ok(department.get("/admin/kyodo/my-items/"))
    assert "5月29日までに提出してください。" in my_items
    assert f'<option value="{YEAR}" selected>' in my_items
    # The round's link lists the round's items only.
    link = re.search(r'href="(\?year=\d+&amp;plan=\d+)">この照会の事業を表示', my_items).group(1)
    my_items = _ok(department.get("/admin/kyodo/my-items/" + link.replace("&amp;", "&")))
    item_ids = re.findall(r"/admin/kyodo/my-items/(\d+)/progress/\?year=" + str(YEAR), my_items)
    first, second = item_ids[:2]
    _submit(
        department, first, status="on_track", percent="70", narrative="審議会の会議録を全件公開しました。"
    )
    _submit(department, second, status="in_progress", percent="40", narrative="公開の手引きを改訂中です。")
    # The department cannot open the office's screens nor a page editor.
    assert department.get(round_url)[0] == 403
    assert department.get(f"/admin/pages/{first}/edit/", follow=False)[0] in (302, 403)

    # 広報担当 returns one with a reason and approves the other.
    round_page = _ok(office.get(round_url))
    assert _answer(round_page, first) == _answer(round_page, second) == "submitted"
    office.post(
        f"{round_url}items/{first}/review/", {"action": "return", "comment": "公開件数を書いてください。"}
    )
    office.post(f"{round_url}items/{second}/review/", {"action": "approve"})
    round_page = _ok(office.get(round_url))
    assert (_answer(round_page, first), _answer(round_page, second)) == ("returned", "approved")

    # The department reads the reason, corrects the answer and submits it again.
    assert "公開件数を書いてください。" in _ok(department.get("/admin/kyodo/my-items/"))
    _submit(department, first, status="on_track", percent="75", narrative="会議録128件をすべて公開しました。")
    office.post(f"{round_url}items/{first}/review/", {"action": "approve"})
    assert _answer(_ok(office.get(round_url)), first) == "approved"

    # Closing publishes the year's report.
    assert reader.get(REPORT_PATH)[0] == 404
    status, _headers, _text = office.post(f"{round_url}close/", {})
    assert status == 302
    counts, table = _figures(reader)
    assert counts[1] == "2"  # two items reported for 令和7年度
    assert "数値の確定" in _ok(reader.get(REPORT_PATH))

    # An item edited and published afterwards (by the office, through 「担当の事業」) shows
    # its new status on its own page; the published report stays as it was.
    status, _headers, _text = office.post(
        f"/admin/kyodo/my-items/{first}/progress/?year={YEAR}",
        {
            "fiscal_year": str(YEAR),
            "status": "delayed",
            "percent": "10",
            "narrative": "計画を見直します。",
            "publish": "publish",
        },
    )
    assert status == 302
    assert _figures(reader) == (counts, table)
    report = _ok(reader.get(REPORT_PATH))
    assert "計画を見直します。" not in report and "会議録128件をすべて公開しました。" in report
