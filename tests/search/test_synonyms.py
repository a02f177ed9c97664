"""Synonyms staff keep in the admin (「同義語」): a query word that is one of a synonym's
words finds the pages holding any of them, on the search page, through Wagtail's search API
and the headless API; an edit takes effect at once; 広報担当 may keep them."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from wagtail.models import Locale, Page

import pytest

from plans.staff import department_group_name, pr_group_name, setup_staff_groups
from search import synonyms
from search.models import Synonym, split_words

from ..factories import ActionItemPageFactory, MeasurePageFactory, PlanPageFactory

ADD_URL = "/admin/snippets/search/synonym/add/"


def titles(query: str) -> list[str]:
    """Titles the search finds within the plan of ``pages`` (the session's tree has pages
    about パブリックコメント of its own)."""
    ja = Locale.objects.get(language_code="ja")
    plan = Page.objects.get(slug="kocho")
    return [
        page.title
        for page in Page.objects.live().public().filter(locale=ja).descendant_of(plan).search(query)
    ]


@pytest.fixture
def pages(tree):
    plan = PlanPageFactory(parent=tree.plan_index, title="広聴の計画", slug="kocho")
    measure = MeasurePageFactory(parent=plan, title="意見を聴く仕組み", number="1", slug="kiku")
    comment = ActionItemPageFactory(
        parent=measure, title="パブリックコメント制度の運用", number="1-1", slug="pc"
    )
    kyodo = ActionItemPageFactory(parent=measure, title="協働事業の評価", number="1-2", slug="kyodo")
    return comment, kyodo


def test_without_a_synonym_the_short_form_finds_nothing(pages):
    assert titles("パブコメ") == []
    assert titles("パブリックコメント") == [pages[0].title]


def test_a_synonym_finds_the_pages_of_its_equivalents_both_ways(pages):
    comment, kyodo = pages
    Synonym.objects.create(term="パブコメ", equivalents="パブリックコメント\n意見公募")
    Synonym.objects.create(term="共働", equivalents="協働")

    assert titles("パブコメ") == [comment.title]
    assert titles("ﾊﾟﾌﾞｺﾒ") == [comment.title]  # the words are compared normalised
    assert titles("意見公募") == [comment.title]
    assert titles("共働") == [kyodo.title]
    # Each word of a query is expanded on its own; every word must still match.
    assert titles("パブコメ 運用") == [comment.title]
    assert titles("パブコメ 評価") == []
    # And the other way: the long form finds a page that uses the short one.
    short = ActionItemPageFactory(
        parent=comment.get_parent(), title="パブコメの結果公表", number="1-3", slug="kekka"
    )
    assert set(titles("パブリックコメント")) == {comment.title, short.title}


def test_editing_and_deleting_a_synonym_takes_effect_at_once(pages):
    comment, kyodo = pages
    synonym = Synonym.objects.create(term="パブコメ", equivalents="協働")
    assert titles("パブコメ") == [kyodo.title]  # cached now
    synonym.equivalents = "パブリックコメント"
    synonym.save()
    assert titles("パブコメ") == [comment.title]
    synonym.delete()
    assert titles("パブコメ") == []


def test_the_table_is_read_once_and_kept(pages, django_assert_num_queries):
    Synonym.objects.create(term="パブコメ", equivalents="パブリックコメント")
    synonyms.forget()
    with django_assert_num_queries(1):
        assert synonyms.equivalents("パブコメ") == ["パブリックコメント"]
    with django_assert_num_queries(0):
        assert synonyms.equivalents("ぱぶこめ") == ["パブリックコメント"]
        assert synonyms.equivalents("協働") == []


def test_the_search_page_and_the_headless_api_use_the_synonyms(pages, client):
    comment, _kyodo = pages
    Synonym.objects.create(term="パブコメ", equivalents="パブリックコメント")
    response = client.get("/search/", {"q": "パブコメ"})
    assert comment.title in [result.page.title for result in response.context["results"]]
    data = client.get("/api/v2/pages/", {"search": "パブコメ", "fields": "title", "locale": "ja"}).json()
    assert comment.title in [page["title"] for page in data["items"]]
    Synonym.objects.all().delete()
    response = client.get("/search/", {"q": "パブコメ"})
    assert response.context["total"] == 0


def test_equivalents_are_split_on_lines_and_commas():
    assert split_words("パブリックコメント\n意見公募、 意見募集,パブリックコメント\n\n") == [
        "パブリックコメント",
        "意見公募",
        "意見募集",
    ]
    assert Synonym(term="共働", equivalents="協働\n共働").words == ["共働", "協働"]


@pytest.mark.parametrize(
    ("term", "equivalents", "field"),
    [
        ("パブ コメ", "パブリックコメント", "term"),
        ("共働", "共働", "equivalents"),
        ("共働", "\n", "equivalents"),
    ],
)
def test_a_synonym_needs_one_word_and_another_word(db, term, equivalents, field):
    with pytest.raises(ValidationError) as error:
        Synonym(term=term, equivalents=equivalents).full_clean()
    assert field in error.value.message_dict


def staff(django_user_model, username: str, group: str):
    setup_staff_groups()
    user = django_user_model.objects.create_user(username=username, password="x")
    user.groups.add(Group.objects.get(name=group))
    return user


def test_pr_staff_add_a_synonym_in_the_admin_and_the_search_uses_it(pages, client, django_user_model):
    comment, _kyodo = pages
    assert titles("パブコメ") == []  # the (empty) table is cached now
    client.force_login(staff(django_user_model, "koho", pr_group_name()))

    form = client.get(ADD_URL)
    assert form.status_code == 200
    html = form.content.decode()
    assert "同義語" in html and "同じ意味の言葉" in html

    response = client.post(ADD_URL, {"term": "パブコメ", "equivalents": "パブリックコメント"})
    assert response.status_code == 302
    assert Synonym.objects.get().equivalent_list == ["パブリックコメント"]
    assert titles("パブコメ") == [comment.title]
    listing = client.get("/admin/snippets/search/synonym/")
    assert "パブコメ" in listing.content.decode()


def test_department_staff_may_not_edit_synonyms(db, client, django_user_model):
    client.force_login(staff(django_user_model, "tanto", department_group_name()))
    assert client.get(ADD_URL).status_code in (302, 403)
    client.post(ADD_URL, {"term": "パブコメ", "equivalents": "パブリックコメント"})
    assert not Synonym.objects.exists()


def test_the_migration_gave_the_pr_group_the_permissions(db):
    setup_staff_groups()
    codenames = set(
        Group.objects.get(name=pr_group_name())
        .permissions.filter(content_type__app_label="search")
        .values_list("codename", flat=True)
    )
    assert codenames == {"add_synonym", "change_synonym", "delete_synonym", "view_synonym"}
