"""PO files: the editor's own download and upload, and a whole plan as one ZIP."""

from __future__ import annotations

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from wagtail.models import Locale
from wagtail_localize.models import StringTranslation

import polib
import pytest

from plans.models import MeasurePage, PlanPage
from translations.po import BundleError, export_plan_po, import_plan_po

from .conftest import publish_translated_path, translate_to

PLAN_ENGLISH = {
    "みなと市市民参加推進計画（第3次）": "Minato City Citizen Participation Plan (3rd)",
    "第3次市民参加推進計画": "3rd Citizen Participation Plan",
    "市民が市政に参加する機会を広げ、市民と市の協働を進めるための計画です。": (
        "A plan to widen citizens' opportunities to take part in city government and to advance "
        "collaboration between citizens and the city."
    ),
}
MEASURE_ENGLISH = {
    "審議会等への市民公募委員の参加促進": "More publicly recruited citizens on councils",
    "I 市政への市民参加の推進": "I Citizen participation in city government",
}


def fill(po: polib.POFile, english: dict[str, str]) -> polib.POFile:
    for entry in po:
        entry.msgstr = english.get(entry.msgid, entry.msgstr)
    return po


def test_editor_po_round_trip_publishes_english(
    admin_client_ja, sample_plan, tree, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    plan = sample_plan.plan
    publish_translated_path(plan, tree.en, capture)
    translation = translate_to(plan, tree.en)

    response = admin_client_ja.get(reverse("wagtail_localize:download_pofile", args=[translation.pk]))
    assert response.status_code == 200
    po = polib.pofile(response.content.decode())
    assert {"みなと市市民参加推進計画（第3次）", "第3次市民参加推進計画"} <= {entry.msgid for entry in po}
    fill(po, PLAN_ENGLISH)

    english = plan.get_translation(tree.en)
    edit_url = reverse("wagtailadmin_pages:edit", args=[english.pk])
    response = admin_client_ja.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.pk]),
        {"file": SimpleUploadedFile("plan-en.po", str(po).encode()), "next": edit_url},
    )
    assert response.status_code == 302
    stored = StringTranslation.objects.get(translation_of__data="第3次市民参加推進計画", locale=tree.en)
    assert (stored.data, stored.translation_type) == ("3rd Citizen Participation Plan", "manual")

    with capture(execute=True):
        assert admin_client_ja.post(edit_url, {"action": "publish"}).status_code == 302
    english = PlanPage.objects.get(pk=english.pk)
    assert english.live and english.title == "Minato City Citizen Participation Plan (3rd)"
    html = admin_client_ja.get(english.url).content.decode()
    assert "3rd Citizen Participation Plan" in html or "Minato City Citizen Participation Plan (3rd)" in html
    assert "widen citizens&#x27; opportunities" in html or "widen citizens' opportunities" in html


@pytest.fixture
def plan_in_english(sample_plan, tree, django_capture_on_commit_callbacks):
    """The sample plan and its first measure sent for translation into English."""
    publish_translated_path(sample_plan.plan, tree.en, django_capture_on_commit_callbacks)
    translate_to(sample_plan.plan, tree.en)
    translate_to(sample_plan.participation, tree.en)
    return sample_plan


def bundle_files(data: bytes) -> dict[str, polib.POFile]:
    with zipfile.ZipFile(io.BytesIO(data)) as bundle:
        return {name: polib.pofile(bundle.read(name).decode()) for name in bundle.namelist()}


def make_bundle(files: dict[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as bundle:
        for name, text in files.items():
            bundle.writestr(name, text)
    return buffer.getvalue()


def test_plan_bundle_round_trip(plan_in_english, tree, django_user_model):
    plan = plan_in_english.plan
    files = bundle_files(export_plan_po(plan, tree.en))
    assert list(files) == ["001-participation-3.po", "002-council-members.po"]
    assert files["001-participation-3.po"].metadata["X-Kyodo-Locale"] == "en"

    filled = {
        "001-participation-3.po": str(fill(files["001-participation-3.po"], PLAN_ENGLISH)),
        "002-council-members.po": str(fill(files["002-council-members.po"], MEASURE_ENGLISH)),
    }
    report = import_plan_po(plan, tree.en, make_bundle(filled), publish=False)
    assert report.updated == len(PLAN_ENGLISH) + len(MEASURE_ENGLISH)
    lines = report.lines()
    assert "2件のファイルから5件の訳文を更新しました" in lines[0]
    assert any("審議会等への市民公募委員の参加促進（002-council-members.po）: 2件" in line for line in lines)
    assert StringTranslation.objects.get(
        translation_of__data="審議会等への市民公募委員の参加促進", locale=tree.en
    ).data == ("More publicly recruited citizens on councils")
    # Importing the same bundle again changes nothing.
    assert import_plan_po(plan, tree.en, make_bundle(filled)).updated == 0


def test_plan_bundle_refuses_bad_files_and_changes_nothing(plan_in_english, tree, action_plan):
    plan = plan_in_english.plan
    files = bundle_files(export_plan_po(plan, tree.en))
    good = str(fill(files["001-participation-3.po"], PLAN_ENGLISH))
    before = StringTranslation.objects.count()

    # Another plan's file, a file for another language, a corrupt file, not a ZIP.
    translate_to(action_plan, tree.en)
    other_plan = bundle_files(export_plan_po(action_plan, tree.en))
    ko, _ = Locale.objects.get_or_create(language_code="ko")
    cases = {
        "別の計画のファイルです": make_bundle(
            {"001.po": good, "002.po": str(next(iter(other_plan.values())))}
        ),
        "enの翻訳のファイルです": None,
        "POファイルとして読めません": make_bundle({"001.po": good, "002.po": b"\xff\xfe not a po file"}),
        "ZIPファイルとして読めません": good.encode(),
    }
    for message, data in cases.items():
        if data is None:
            with pytest.raises(BundleError) as error:
                import_plan_po(plan, ko, make_bundle({"001.po": good}))
        else:
            with pytest.raises(BundleError) as error:
                import_plan_po(plan, tree.en, data)
        assert any(message in text for text in error.value.messages), (message, error.value.messages)
    assert StringTranslation.objects.count() == before
    path_bundle = make_bundle({"001.po": good, "002.po": "/etc/passwd"})
    with pytest.raises(BundleError):
        import_plan_po(plan, tree.en, path_bundle)
    assert StringTranslation.objects.count() == before


def test_command_exports_and_imports(plan_in_english, tree, tmp_path):
    plan = plan_in_english.plan
    target = tmp_path / "plan-en.zip"
    call_command(
        "translation_po",
        "export",
        plan="participation-3",
        locale="en",
        output=str(target),
        stdout=io.StringIO(),
    )
    files = bundle_files(target.read_bytes())
    filled = make_bundle(
        {name: str(fill(po, {**PLAN_ENGLISH, **MEASURE_ENGLISH})) for name, po in files.items()}
    )
    (tmp_path / "filled.zip").write_bytes(filled)
    out = io.StringIO()
    call_command(
        "translation_po", "import", str(tmp_path / "filled.zip"), plan=str(plan.pk), locale="en", stdout=out
    )
    assert "5件の訳文を更新しました" in out.getvalue()
    with pytest.raises(CommandError, match="何も変更していません"):
        call_command(
            "translation_po", "import", str(target), plan=str(plan.pk), locale="ja", stdout=io.StringIO()
        )
    with pytest.raises(CommandError, match="見つかりません"):
        call_command("translation_po", "export", plan="no-such-plan", locale="en", stdout=io.StringIO())


def test_admin_bundle_view(admin_client_ja, plan_in_english, tree):
    plan = plan_in_english.plan
    url = reverse("kyodo_translations:plan_bundle", args=[plan.pk])
    assert admin_client_ja.get(url).status_code == 200
    response = admin_client_ja.get(url, {"locale": "en", "download": "1"})
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    files = bundle_files(response.content)
    filled = make_bundle(
        {name: str(fill(po, {**PLAN_ENGLISH, **MEASURE_ENGLISH})) for name, po in files.items()}
    )
    response = admin_client_ja.post(
        url, {"locale": "en", "file": SimpleUploadedFile("plan-en.zip", filled), "publish": ""}
    )
    assert response.status_code == 200
    assert "5件の訳文を更新しました" in response.content.decode()
    response = admin_client_ja.post(
        url, {"locale": "en", "file": SimpleUploadedFile("plan.zip", b"PK broken")}
    )
    assert response.status_code == 400
    assert "何も変更していません" in response.content.decode()
    assert MeasurePage.objects.filter(locale=tree.en, live=True).count() == 0
