"""The page cache of anonymous reads (home/page_cache.py): what it answers and keeps, what it
leaves alone, the reader's preference cookies in its key, and every change that makes the
next reader see the new page. Also the front-end cache's purges (home/frontend_cache.py),
sent to a real HTTP server in the test's own process."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator

from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.test import RequestFactory

from wagtail.models import Locale, Page, PageViewRestriction

import pytest

from furigana.models import ReadingEntry
from home import page_cache
from home.models import MunicipalitySettings, MunicipalityText
from home.security import ContentSecurityPolicyMiddleware
from plans.models import GlossaryTerm

from ..factories import StandardPageFactory

HEADER = page_cache.HEADER


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.KYODO_PAGE_CACHE_ENABLED = True


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs what a change does once its transaction commits (the tests' transactions never
    commit): the page cache's new generation, the front end's purges."""

    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            change()

    return run


def read(client, url: str, **extra):
    response = client.get(url, **extra)
    return response, response.content.decode()


def warm(client, url: str, **extra) -> str:
    """Reads ``url`` twice: the first is a miss and is kept, the second a hit."""
    first, text = read(client, url, **extra)
    assert first.status_code == 200
    assert first[HEADER] == "miss"
    second, again = read(client, url, **extra)
    assert second[HEADER] == "hit"
    assert again == text
    return text


def publish(page) -> None:
    page.save_revision().publish()


# What is answered from the cache -------------------------------------------------------


def test_a_page_is_kept_and_its_second_read_touches_no_database(
    client, sample_plan, django_assert_num_queries
):
    url = sample_plan.plan.url
    first, text = read(client, url)
    assert first[HEADER] == "miss"
    assert sample_plan.plan.title in text
    # Browsers ask again; a proxy in front keeps it as long as the page cache does.
    assert "s-maxage=300" in first["Cache-Control"]
    assert "max-age=0" in first["Cache-Control"]
    with django_assert_num_queries(0):
        second, again = read(client, url)
    assert second[HEADER] == "hit"
    assert again == text


@pytest.mark.parametrize("path", ["/updates/", "/updates/feed.atom", "/updates/feed.rss", "/sitemap.xml"])
def test_updates_feeds_and_sitemaps_are_kept(client, sample_plan, path):
    warm(client, path)


def test_every_page_type_of_a_plan_is_kept(client, sample_plan, tree):
    for page in [
        tree.home,
        tree.plan_index,
        tree.glossary,
        sample_plan.plan,
        sample_plan.participation,
        sample_plan.public_members,
        sample_plan.report,
    ]:
        warm(client, page.url)


def test_search_is_kept_for_a_short_time(client, sample_plan):
    response, _text = read(client, "/search/?q=協働")
    assert response[HEADER] == "miss"
    assert "s-maxage=60" in response["Cache-Control"]
    assert read(client, "/search/?q=協働")[0][HEADER] == "hit"
    # another query is another page
    assert read(client, "/search/?q=公募")[0][HEADER] == "miss"


def test_a_views_own_max_age_is_kept_for_browsers_and_the_cache(settings):
    def view(request):
        response = HttpResponse("<p>一日もつページ</p>")
        response["Cache-Control"] = "max-age=86400"
        return response

    response = page_cache.PageCacheMiddleware(view)(RequestFactory().get("/daily/"))
    assert response[HEADER] == "miss"
    assert "max-age=86400" in response["Cache-Control"]
    assert "s-maxage=86400" in response["Cache-Control"]


def test_a_page_that_varies_on_a_header_the_key_does_not_hold_is_not_kept():
    def view(request):
        response = HttpResponse("<p>形式によって変わるページ</p>")
        response["Vary"] = "Accept"
        return response

    middleware = page_cache.PageCacheMiddleware(view)
    request = RequestFactory().get("/varies/", HTTP_ACCEPT="text/html")
    assert HEADER not in middleware(request)
    assert HEADER not in middleware(RequestFactory().get("/varies/", HTTP_ACCEPT="text/html"))


def test_a_hit_reads_the_cache_once(client, sample_plan, monkeypatch):
    url = sample_plan.plan.url
    warm(client, url)
    cache = page_cache._cache()
    reads = []
    real_get = cache.get
    monkeypatch.setattr(
        cache, "get", lambda key, *args, **kwargs: reads.append(key) or real_get(key, *args, **kwargs)
    )
    response, _text = read(client, url)
    assert response[HEADER] == "hit"
    # the page itself, and nothing else but the generation (with Redis)
    assert len([key for key in reads if key != page_cache.GENERATION_KEY]) == 1


def test_the_query_string_and_the_language_are_part_of_the_key(client, sample_plan, tree):
    warm(client, "/search/?q=協働")
    assert read(client, "/search/?q=協働&page=1")[0][HEADER] == "miss"
    warm(client, "/")
    assert read(client, "/en/")[0][HEADER] == "miss"


def test_the_host_is_part_of_the_key(client, sample_plan, settings):
    settings.ALLOWED_HOSTS = ["testserver", "other.example.jp"]
    warm(client, sample_plan.plan.url)
    assert read(client, sample_plan.plan.url, HTTP_HOST="other.example.jp")[0][HEADER] == "miss"


# What is left alone ---------------------------------------------------------------------


def test_signed_in_staff_never_get_or_fill_the_cache(client, sample_plan):
    url = sample_plan.plan.url
    warm(client, url)
    user = get_user_model().objects.create_user("koho-test", password="x")
    client.force_login(user)
    response, _text = read(client, url)
    assert HEADER not in response
    client.logout()
    assert read(client, url)[0][HEADER] == "hit"


@pytest.mark.parametrize("cookie", ["sessionid", "messages"])
def test_a_reader_with_a_session_or_messages_is_not_answered_from_the_cache(client, sample_plan, cookie):
    url = sample_plan.plan.url
    warm(client, url)
    client.cookies[cookie] = "something"
    assert HEADER not in read(client, url)[0]


def test_posts_the_admin_and_the_apis_are_left_alone(client, sample_plan, tree):
    assert HEADER not in client.post(sample_plan.plan.url)
    assert HEADER not in client.get("/admin/login/")
    assert HEADER not in client.get("/api/v2/pages/")
    assert HEADER not in client.get("/api/open/v1/plans/")


def test_a_draft_is_never_kept_and_is_seen_once_published(client, tree, committed):
    page = StandardPageFactory(parent=tree.home, title="下書きのお知らせ", slug="draft-notice", publish=False)
    url = "/draft-notice/"
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 404
        assert HEADER not in response
    committed(lambda: publish(page))
    response, text = read(client, url)
    assert response[HEADER] == "miss"
    assert "下書きのお知らせ" in text


def test_the_admins_preview_of_a_draft_is_not_kept(admin_client, sample_plan):
    plan = sample_plan.plan
    response = admin_client.get(f"/admin/pages/{plan.pk}/view_draft/")
    assert response.status_code == 200
    assert HEADER not in response


def test_a_response_that_sets_a_cookie_is_not_kept(client, sample_plan):
    # The ruby switch's link stores the choice in a cookie: that answer is not kept ...
    url = f"{sample_plan.plan.url}?ruby=1"
    for _ in range(2):
        response = client.get(url)
        assert response.cookies["kyodo_ruby"].value == "1"
        assert HEADER not in response
        del client.cookies["kyodo_ruby"]
    # ... the same address read with the cookie already set is.
    client.cookies["kyodo_ruby"] = "1"
    warm(client, url)


# The reader's preference cookies --------------------------------------------------------


def test_the_ruby_cookie_is_part_of_the_key(client, sample_plan):
    url = sample_plan.plan.url
    plain = warm(client, url)
    assert "<ruby" not in plain
    client.cookies["kyodo_ruby"] = "1"
    response, with_ruby = read(client, url)
    assert response[HEADER] == "miss"
    assert "<ruby" in with_ruby
    assert read(client, url)[0][HEADER] == "hit"
    # Shared caches are told the page depends on cookies (deploy/varnish/kyodo.vcl keeps
    # only the preference cookies).
    assert "Cookie" in response["Vary"]


@pytest.mark.parametrize("name", ["kyodo_text_size", "kyodo_background"])
def test_the_other_preference_cookies_are_part_of_the_key(client, sample_plan, name):
    url = sample_plan.plan.url
    warm(client, url)
    client.cookies[name] = "large"
    assert read(client, url)[0][HEADER] == "miss"


def test_other_cookies_do_not_defeat_the_cache(client, sample_plan):
    url = sample_plan.plan.url
    client.cookies["kyodo_ruby"] = "1"
    warm(client, url)
    client.cookies["_ga"] = "GA1.1.12345.67890"
    client.cookies["csrftoken"] = "a" * 32
    assert read(client, url)[0][HEADER] == "hit"


# Changes the next reader sees -----------------------------------------------------------


def test_publishing_a_page(client, sample_plan, committed):
    plan = sample_plan.plan
    warm(client, plan.url)
    index = warm(client, plan.get_parent().url)
    assert plan.title in index
    plan.title = "改訂された協働推進計画"
    committed(lambda: publish(plan))
    response, text = read(client, plan.url)
    assert response[HEADER] == "miss"
    assert "改訂された協働推進計画" in text
    assert "改訂された協働推進計画" in read(client, plan.get_parent().url)[1]


def test_a_draft_revision_changes_nothing(client, sample_plan, committed):
    plan = sample_plan.plan
    text = warm(client, plan.url)
    plan.title = "まだ下書きの題名"
    committed(plan.save_revision)
    response, again = read(client, plan.url)
    assert response[HEADER] == "hit"
    assert again == text


def test_unpublishing_a_page(client, sample_plan, committed):
    item = sample_plan.women_members
    warm(client, item.url)
    committed(item.unpublish)
    assert client.get(item.url).status_code == 404


def test_moving_a_page(client, sample_plan, tree, committed):
    item = sample_plan.women_members
    old_url = item.url
    warm(client, old_url)
    measure = warm(client, sample_plan.participation.url)
    assert item.title in measure
    committed(lambda: item.move(sample_plan.comments, pos="last-child"))
    item.refresh_from_db()
    moved = client.get(old_url)
    assert moved.status_code == 301  # Wagtail's redirect from the old address
    assert moved["Location"] == item.url
    assert item.title not in read(client, sample_plan.participation.url)[1]
    assert item.title in read(client, sample_plan.comments.url)[1]


def test_deleting_a_page(client, sample_plan, committed):
    item = sample_plan.women_members
    warm(client, item.url)
    assert item.title in warm(client, sample_plan.participation.url)
    url = item.url
    committed(lambda: Page.objects.get(pk=item.pk).delete())
    assert client.get(url).status_code == 404
    assert item.title not in read(client, sample_plan.participation.url)[1]


def test_copying_a_page(client, sample_plan, tree, committed):
    plan = sample_plan.plan
    warm(client, tree.plan_index.url)
    committed(
        lambda: plan.copy(
            recursive=False,
            update_attrs={"title": "複製された協働推進計画", "slug": "copied-plan"},
            keep_live=True,
        )
    )
    assert "複製された協働推進計画" in read(client, tree.plan_index.url)[1]


def test_publishing_a_translation(client, sample_plan, tree, committed):
    english_home = tree.home.copy_for_translation(tree.en)
    english_index = tree.plan_index.copy_for_translation(tree.en)
    committed(lambda: (publish(english_home), publish(english_index)))
    warm(client, english_index.url)
    plan = sample_plan.plan.copy_for_translation(tree.en)
    plan.title = "Citizen Participation Plan (translated)"
    committed(lambda: publish(plan))
    assert "Citizen Participation Plan (translated)" in read(client, english_index.url)[1]


def test_a_view_restriction(client, sample_plan, committed):
    plan = sample_plan.plan
    warm(client, plan.url)
    committed(
        lambda: PageViewRestriction.objects.create(
            page=plan,
            restriction_type=PageViewRestriction.PASSWORD,
            password="secret",
        )
    )
    assert plan.title not in read(client, plan.url)[1].split("<form")[-1]
    assert HEADER not in client.get(plan.url)


def test_saving_a_department(client, sample_plan, departments, committed):
    item = sample_plan.public_members
    text = warm(client, item.url)
    department = next(d for d in (departments.kyodo, departments.kocho, departments.koho) if d.name in text)
    department.name = "市民協働推進室"
    committed(department.save)
    assert "市民協働推進室" in read(client, item.url)[1]


def test_saving_the_municipalitys_settings(client, sample_plan, tree, committed):
    warm(client, "/")
    municipality = MunicipalitySettings.for_site(tree.site)
    municipality.phone = "0120-123-456"
    committed(municipality.save)
    assert "0120-123-456" in read(client, "/")[1]


def test_saving_the_municipalitys_name(client, sample_plan, tree, committed):
    warm(client, "/")
    text = MunicipalityText.objects.filter(site=tree.site, locale=Locale.get_default()).first()
    if text is None:
        text = MunicipalityText(site=tree.site, locale=Locale.get_default())
    text.name = "みどり市"
    committed(text.save)
    assert "みどり市" in read(client, "/")[1]


def test_saving_and_deleting_a_glossary_term(client, tree, committed):
    url = tree.glossary.url
    warm(client, url)
    term = GlossaryTerm(
        term="協働カフェ", reading="きょうどうかふぇ", definition="市民と市が話し合う場。", locale=tree.ja
    )
    committed(term.save)
    assert "協働カフェ" in warm(client, url)
    committed(term.delete)
    assert "協働カフェ" not in read(client, url)[1]


def test_saving_a_reading_of_the_furigana_dictionary(client, sample_plan, committed):
    url = sample_plan.plan.url
    client.cookies["kyodo_ruby"] = "1"
    warm(client, url)
    committed(lambda: ReadingEntry.objects.create(surface="公募", reading="こうぼ"))
    assert read(client, url)[0][HEADER] == "miss"


def test_a_generation_started_by_another_process_is_seen(client, sample_plan):
    url = sample_plan.plan.url
    warm(client, url)
    page_cache._FileGeneration().start_new()  # as another worker of the machine would
    assert read(client, url)[0][HEADER] == "miss"


def test_without_a_usable_generation_file_the_process_keeps_its_own(client, sample_plan, settings, committed):
    settings.KYODO_PAGE_CACHE_GENERATION_FILE = "/proc/kyodo-page-generation"  # never writable
    url = sample_plan.plan.url
    warm(client, url)
    plan = sample_plan.plan
    plan.title = "改訂された協働推進計画"
    committed(lambda: publish(plan))
    response, text = read(client, url)
    assert response[HEADER] == "miss"
    assert "改訂された協働推進計画" in text


# Security headers and rate limits -------------------------------------------------------


def test_a_kept_page_gets_a_fresh_nonce_every_time(settings):
    """A page that uses the Content-Security-Policy nonce is kept with a placeholder: every
    hit has a nonce of its own, the same in its header and its body."""

    def view(request):
        return HttpResponse(f'<script nonce="{request.csp_nonce}" src="/static/a.js"></script>')

    # As in settings.MIDDLEWARE: the page cache above the policy, which it keeps with the page.
    middleware = page_cache.PageCacheMiddleware(ContentSecurityPolicyMiddleware(view))
    nonces = []
    for expected in ("miss", "hit", "hit"):
        response = middleware(RequestFactory().get("/nonce-page/"))
        assert response[HEADER] == expected
        body = response.content.decode()
        nonce = body.split('nonce="')[1].split('"')[0]
        assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
        assert page_cache.NONCE_PLACEHOLDER.decode() not in body
        nonces.append(nonce)
    assert len(set(nonces)) == 3


def test_kept_pages_still_have_their_security_headers(client, sample_plan):
    warm(client, sample_plan.plan.url)
    response = client.get(sample_plan.plan.url)
    assert response[HEADER] == "hit"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"]
    assert response["Content-Language"] == "ja"


def test_the_rate_limit_of_search_still_counts_kept_pages(client, sample_plan, settings):
    settings.RATELIMIT_ENABLE = True
    settings.KYODO_RATE_LIMITS = {**settings.KYODO_RATE_LIMITS, "search": "3/m"}
    statuses = [client.get("/search/?q=協働").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_a_kept_page_over_the_limit_is_refused_in_the_readers_language(client, sample_plan, settings):
    """The cache counts a hit; over the limit the request goes on to the rate limit
    middleware, whose 429 speaks the address's language and carries the policy."""
    settings.RATELIMIT_ENABLE = True
    settings.KYODO_RATE_LIMITS = {**settings.KYODO_RATE_LIMITS, "search": "3/m"}
    answers = [client.get("/en/search/?q=plan") for _ in range(4)]
    assert [answer.get(HEADER) for answer in answers[:3]] == ["miss", "hit", "hit"]
    refused = answers[3]
    assert refused.status_code == 429
    assert refused.get(HEADER) is None
    assert refused["Content-Language"] == "en"
    assert refused["Retry-After"] == "60"
    assert "default-src 'self'" in refused["Content-Security-Policy"]
    assert '<html lang="en"' in refused.content.decode()


# The front-end cache's purges -----------------------------------------------------------


class _Recorder(http.server.BaseHTTPRequestHandler):
    received: list[tuple[str, str, str]] = []

    def _record(self):
        self.received.append((self.command, self.headers.get("Host", ""), self.path))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_PURGE = do_BAN = _record

    def log_message(self, *args):
        pass


@pytest.fixture
def proxy(settings) -> Iterator[list[tuple[str, str, str]]]:
    """A real HTTP server standing for Varnish: the requests it received."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    _Recorder.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "home.frontend_cache.VarnishBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_address[1]}",
        }
    }
    yield _Recorder.received
    server.shutdown()
    server.server_close()


def test_publishing_purges_the_page_its_ancestors_and_the_lists(proxy, sample_plan, tree, committed):
    item = sample_plan.public_members
    item.title = "市民公募委員の参加（改訂）"
    committed(lambda: publish(item))
    purged = {path for method, _host, path in proxy if method == "PURGE"}
    for page in (item, sample_plan.participation, sample_plan.plan, tree.plan_index, tree.home):
        assert page.url in purged
    assert {"/updates/", "/updates/feed.atom", "/en/updates/", "/sitemap.xml"} <= purged
    assert not [request for request in proxy if request[0] == "BAN"]


def test_a_draft_purges_nothing(proxy, sample_plan, committed):
    committed(sample_plan.plan.save_revision)
    assert proxy == []


def test_saving_a_department_bans_every_page(proxy, departments, committed):
    departments.kyodo.name = "市民協働推進室"
    committed(departments.kyodo.save)
    assert [method for method, _host, _path in proxy] == ["BAN"]
