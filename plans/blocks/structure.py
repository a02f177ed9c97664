"""Structured passages of guidelines and handbooks: commitments, steps, checklists, FAQ."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks

from .text import ParagraphBlock


class CommitmentBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("項目"), max_length=200)
    text = blocks.TextBlock(label=_("説明"), required=False)

    class Meta:
        icon = "list-ol"
        label = _("約束")


class CommitmentsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("見出し"), max_length=200, required=False)
    items = blocks.ListBlock(CommitmentBlock(), label=_("項目"), min_num=1)

    class Meta:
        icon = "list-ol"
        template = "blocks/commitments.html"
        label = _("番号付きの約束（①②③）")
        description = _("市や市民の約束・原則を①②③の番号付きで並べます。")
        preview_value = {
            "heading": "協働の原則",
            "items": [
                {"title": "目的の共有", "text": "何のために協働するのかを確かめ合います。"},
                {"title": "対等の関係", "text": "互いの立場を尊重し、対等な関係で取り組みます。"},
                {"title": "情報の公開", "text": "協働の過程と結果を市民に公開します。"},
            ],
        }


class StepBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("段階"), max_length=50)
    description = blocks.TextBlock(label=_("説明"), required=False)

    class Meta:
        icon = "arrow-right"
        label = _("段階")


class ProcessStepsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("見出し"), max_length=200, required=False)
    steps = blocks.ListBlock(StepBlock(), label=_("段階"), min_num=2)

    class Meta:
        icon = "arrow-right"
        template = "blocks/process_steps.html"
        label = _("プロセス（段階の流れ）")
        description = _("共有 → 共感 → 協働 → 共創 のような段階の流れを示します。")
        preview_value = {
            "heading": "協働のプロセス",
            "steps": [
                {"label": "共有", "description": "地域の課題と情報を共有します。"},
                {"label": "共感", "description": "課題の大切さを互いに理解します。"},
                {"label": "協働", "description": "役割を分担して取り組みます。"},
                {"label": "共創", "description": "新しい価値を一緒に生み出します。"},
            ],
        }


class ChecklistBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("見出し"), max_length=200, required=False)
    items = blocks.ListBlock(
        blocks.CharBlock(label=_("確認項目"), max_length=300), label=_("確認項目"), min_num=1
    )

    class Meta:
        icon = "tasks"
        template = "blocks/checklist.html"
        label = _("チェックリスト")
        description = _("印刷して使える確認項目の一覧。")
        preview_value = {
            "heading": "協働を始める前のチェックリスト",
            "items": [
                "協働する目的を相手と共有しましたか",
                "役割分担を文書で確認しましたか",
                "成果をどのように評価するか決めましたか",
            ],
        }


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("質問"), max_length=300)
    answer = ParagraphBlock(label=_("回答"))

    class Meta:
        icon = "help"
        label = _("質問と回答")


class FAQBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("見出し"), max_length=200, required=False)
    questions = blocks.ListBlock(QuestionBlock(), label=_("質問と回答"), min_num=1)

    class Meta:
        icon = "help"
        template = "blocks/faq.html"
        label = _("よくある質問")
        description = _("質問と回答の組を並べます。")
        preview_value = {
            "heading": "よくある質問",
            "questions": [
                {
                    "question": "個人でも協働事業に参加できますか。",
                    "answer": "<p>はい。個人の方も市民活動団体と一緒に参加できます。</p>",
                }
            ],
        }
