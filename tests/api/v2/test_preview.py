"""Headless preview: a draft shown in the configured front end, read through a signed token."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

from django.test import RequestFactory, override_settings

import pytest

from plans.models import ActionItemPage

FRONT_END = "https://front.example.jp/preview"
HEADLESS = override_settings(
    WAGTAIL_HEADLESS_PREVIEW={"CLIENT_URLS": {"default": FRONT_END}, "ENFORCE_TRAILING_SLASH": False}
)


@pytest.fixture
def draft(sample_plan) -> ActionItemPage:
    """The live item 1-1 with a newer, unpublished revision: new title, FY2024 now delayed."""
    page = sample_plan.public_members.get_latest_revision_as_object()
    page.title = "公募委員の登用（改訂案）"
    rows = list(page.progress.all())
    for row in rows:
        if row.fiscal_year == 2024:
            row.status = "delayed"
    page.progress = rows
    page.save_revision()
    return ActionItemPage.objects.get(pk=page.pk).get_latest_revision_as_object()


def preview(page, admin_user):
    """What the page editor's preview panel shows (Wagtail calls ``make_preview_request``)."""
    request = RequestFactory().get("/admin/", HTTP_HOST="localhost")
    request.user = admin_user
    return page.make_preview_request(request, page.default_preview_mode)


def token_of(response) -> dict[str, str]:
    content = response.content.decode()
    [src] = re.findall(r'<iframe src="([^"]+)"', content)
    url = urlsplit(html.unescape(src))
    assert f"{url.scheme}://{url.netloc}{url.path}" == FRONT_END
    return {key: values[0] for key, values in parse_qs(url.query).items()}


def test_without_a_front_end_the_preview_renders_kyodos_own_page(sample_plan, admin_user):
    page = sample_plan.participation.get_latest_revision_as_object()
    page.title = "公募委員の参加促進（改訂案）"
    page.save_revision()
    response = preview(page, admin_user)
    assert response.status_code == 200
    content = response.render().content.decode()
    assert "公募委員の参加促進（改訂案）" in content
    assert "<iframe" not in content
    assert '<main id="main"' in content or "<main" in content  # Kyodo's own template


@HEADLESS
def test_the_front_end_reads_the_draft_with_the_token(api, draft, admin_user):
    params = token_of(preview(draft, admin_user))
    assert params["content_type"] == "plans.actionitempage"
    data = api.get("/api/v2/page_preview/", params)
    assert data["id"] == draft.pk
    assert data["title"] == "公募委員の登用（改訂案）"
    assert data["progress_rows"][-1]["status"]["code"] == "delayed"
    assert data["item_departments"][0]["department"]["name"] == "市民協働推進課"
    assert data["meta"]["type"] == "plans.ActionItemPage"
    # the public API still shows the live version
    assert api.page(draft.pk)["title"] == "審議会等への公募委員の登用"


@HEADLESS
def test_the_public_site_still_renders_pages_itself(client, draft):
    response = client.get(draft.url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    content = response.content.decode()
    assert "審議会等への公募委員の登用" in content
    assert "改訂案" not in content


@HEADLESS
def test_a_bad_token_gives_no_content(api, draft, admin_user):
    params = token_of(preview(draft, admin_user))
    tampered = {**params, "token": params["token"].replace("id=", "id=9")}
    for bad, status in [
        ({}, 400),
        ({"content_type": params["content_type"]}, 400),
        ({"token": params["token"]}, 400),
        (tampered, 400),
        ({**params, "token": params["token"][:-2] + "xx"}, 400),
        ({**params, "content_type": "plans.nosuchpage"}, 400),
        ({**params, "content_type": "auth.user"}, 400),
        ({**params, "content_type": "nonsense"}, 400),
        ({**params, "content_type": "plans.measurepage"}, 404),  # signed, but not for this type
    ]:
        data = api.get("/api/v2/page_preview/", bad, status=status)
        assert set(data) == {"message"}, bad
        assert "改訂案" not in str(data)


@HEADLESS
def test_a_token_whose_preview_was_deleted_answers_404(api, draft, admin_user):
    from wagtail_headless_preview.models import PagePreview

    params = token_of(preview(draft, admin_user))
    PagePreview.objects.all().delete()
    assert api.get("/api/v2/page_preview/", params, status=404)["message"]


@HEADLESS
def test_a_new_page_that_was_never_saved_can_be_previewed(api, sample_plan, admin_user):
    """As the admin's "preview on create" builds it: not in the tree yet, no id."""
    from plans.models import MeasurePage

    page = MeasurePage(title="新しい施策（案）", number="9", area="III 新しい分野")
    page.depth = sample_plan.plan.depth + 1
    page.path = MeasurePage._get_path(sample_plan.plan.path, page.depth, sample_plan.plan.numchild + 1)
    page.locale = sample_plan.plan.locale
    params = token_of(preview(page, admin_user))
    data = api.get("/api/v2/page_preview/", params)
    assert data["title"] == "新しい施策（案）"
    assert data["number"] == "9"
    assert data["id"] is None
