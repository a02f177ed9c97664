"""Machine translation pre-fills the editor; readers are told until a person reviews it."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from django.urls import reverse

from wagtail_localize.models import StringSegment, StringTranslation

from plans.models import ActionItemPage
from translations.machine import has_machine_strings

from .conftest import fill_strings, publish_translated_path, translate_to


def switcher_entry(html: str, tag: str) -> str:
    """What the language switcher's link to ``tag`` says."""
    switcher = html.split('class="language-switcher"', 1)[1].split("</nav>", 1)[0]
    return re.search(rf'<a [^>]*hreflang="{tag}"[^>]*>(.*?)</a>', switcher).group(1)


def publish_in_editor(client, page, capture):
    with capture(execute=True):  # wagtail-localize publishes on commit
        response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), {"action": "publish"})
    assert response.status_code == 302
    return ActionItemPage.objects.get(pk=page.pk)


def test_machine_translation_is_marked_until_a_person_edits_every_string(
    admin_client_ja, sample_plan, tree, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    item = sample_plan.women_members
    publish_translated_path(item, tree.en, capture)
    translation = translate_to(item, tree.en)
    english = ActionItemPage.objects.get(translation_key=item.translation_key, locale=tree.en)
    edit_url = reverse("wagtailadmin_pages:edit", args=[english.pk])

    # 「機械翻訳」 in the editor, through its own endpoint.
    response = admin_client_ja.post(
        reverse("wagtail_localize:machine_translate", args=[translation.pk])
        + "?"
        + urlencode({"next": edit_url})
    )
    assert response.status_code == 302
    machine = StringTranslation.objects.filter(locale=tree.en, translation_type="machine")
    assert machine.filter(translation_of__data="女性委員の登用促進").exists()

    english = publish_in_editor(admin_client_ja, english, capture)
    assert english.live and english.machine_translated

    page = admin_client_ja.get(english.url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "This page was translated by machine" in html
    assert 'hreflang="ja"' in html and f'href="{item.url}"' in html
    assert '<span lang="ja">女性委員の登用促進</span>' in html
    api = admin_client_ja.get(f"/api/v2/pages/{english.pk}/").json()
    assert api["machine_translated"] is True
    # The Japanese page has no notice, and its switcher says the English page is by machine,
    # in English; the other languages are not marked.
    japanese = admin_client_ja.get(item.url).content.decode()
    assert "このページは機械翻訳です" not in japanese
    marked = 'English<span class="language-switcher__machine">（machine translation）</span>'
    assert switcher_entry(japanese, "en") == marked
    assert switcher_entry(japanese, "ko") == "한국어"
    assert switcher_entry(html, "en").endswith("（machine translation）</span>")

    # A person goes through every string in the editor and publishes again.
    segments = StringSegment.objects.filter(source=translation.source).select_related("string")
    for segment in segments:
        response = admin_client_ja.put(
            reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk]),
            urlencode({"value": f"Reviewed: {segment.context.path}"}),
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code in (200, 201)
    english = publish_in_editor(admin_client_ja, english, capture)
    assert not english.machine_translated
    assert "This page was translated by machine" not in admin_client_ja.get(english.url).content.decode()
    assert switcher_entry(admin_client_ja.get(item.url).content.decode(), "en") == "English"
    assert admin_client_ja.get(f"/api/v2/pages/{english.pk}/").json()["machine_translated"] is False


def test_a_translation_typed_by_a_person_is_not_flagged(
    sample_plan, tree, django_capture_on_commit_callbacks, django_assert_num_queries
):
    item = sample_plan.public_comment
    publish_translated_path(item, tree.en, django_capture_on_commit_callbacks)
    translation = translate_to(item, tree.en)
    fill_strings(translation, {"パブリックコメント手続の周知": "Publicising the public comment procedure"})
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(publish=True)
    english = ActionItemPage.objects.get(translation_key=item.translation_key, locale=tree.en)
    assert english.live and not english.machine_translated
    with django_assert_num_queries(1):
        assert has_machine_strings(english) is False
    # One string left as the machine made it is enough for the notice.
    segment = StringSegment.objects.filter(source=translation.source).first()
    StringTranslation.objects.filter(translation_of=segment.string, context=segment.context).update(
        translation_type="machine"
    )
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(publish=True)
    assert ActionItemPage.objects.get(pk=english.pk).machine_translated
