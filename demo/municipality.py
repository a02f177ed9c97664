"""The demo municipality: its site settings, the home page and the sections below it.

青葉市 (Aoba City) is fictional. Its 全国地方公共団体コード uses prefecture number 99, which
no prefecture has, so the code can never be mistaken for a real municipality's.
"""

from __future__ import annotations

from .specs import SectionSpec, contact, heading, paragraphs

# The site settings: what is the same in every language.
MUNICIPALITY = {
    "code": "992011",
    "phone": "000-210-3101",
    "email": "kyodo@city.aoba.example.jp",
}

# 自治体の表記: the name and contact texts readers see, in Japanese …
MUNICIPALITY_TEXT = {
    "name": "青葉市",
    "office_name": "市民局 市民協働推進課",
    "address": "〒000-0001 青葉市中央一丁目1番1号 市役所本庁舎3階",
    "opening_hours": "平日 8時30分～17時15分（土曜・日曜・祝日・年末年始を除く）",
}

# … and their translations, by Japanese text (as the translation editor's PO file has them).
MUNICIPALITY_TEXT_ENGLISH = {
    "青葉市": "Aoba City",
    "市民局 市民協働推進課": "Citizens' Affairs Bureau, Citizen Collaboration Division",
    "〒000-0001 青葉市中央一丁目1番1号 市役所本庁舎3階": (
        "City Hall Main Building 3F, 1-1-1 Chuo, Aoba City 000-0001"
    ),
    "平日 8時30分～17時15分（土曜・日曜・祝日・年末年始を除く）": (
        "Weekdays 8:30–17:15 (closed on Saturdays, Sundays, public holidays and over the New Year)"
    ),
}

MUNICIPALITY_TEXT_EASY_JAPANESE = {
    "青葉市": "青葉市",
    "市民局 市民協働推進課": "市役所の 市民協働推進課",
    "〒000-0001 青葉市中央一丁目1番1号 市役所本庁舎3階": "〒000-0001 青葉市 中央 1-1-1 市役所の 3階",
    "平日 8時30分～17時15分（土曜・日曜・祝日・年末年始を除く）": (
        "月曜日から 金曜日の 8時30分から 17時15分まで（祝日と 年末年始は 休みです）"
    ),
}

HOME = {
    "slug": "home",
    "title": "青葉市 市民参加・協働のページ",
    "lead": "ひとりひとりの声が届き、ともにつくるまち 青葉",
    "intro": (
        "青葉市の市民参加と協働に関する計画、取組の進み具合、協働の指針やハンドブックをまとめて掲載しています。"
        "計画ごとに、施策と実施事業、担当課、年度ごとの進捗状況をご覧いただけます。\n\n"
        "このサイトは、架空の自治体「青葉市」を例にした見本です。掲載している団体、電話番号、"
        "メールアドレスなどはすべて架空のものです。"
    ),
}

HOME_ENGLISH = {
    "title": "Aoba City: Citizen Participation and Collaboration",
    "lead": "A city where every voice is heard and we build the future together",
    "intro": (
        "This site brings together Aoba City's plans for citizen participation and collaboration, "
        "the yearly progress of their action items, and the guidelines and handbooks that support them. "
        "The Aoba City Citizen Participation Plan (2nd) can be read in English in full, with its measures, "
        "action items and progress reports; most other pages are in Japanese only for now.\n\n"
        "Aoba City is a fictional municipality used as an example. All organisations, telephone numbers "
        "and e-mail addresses on this site are fictional."
    ),
}

HOME_EASY_JAPANESE = {
    "title": "青葉市 市民の 参加と 協働の ページ",
    "lead": "ひとりひとりの 声が とどき、みんなで いっしょに つくる まち 青葉",
    "intro": (
        "この ウェブサイトには、青葉市の 計画が あります。"
        "市民が 市の しごとに 参加する ための 計画です。"
        "市民と 市が いっしょに まちを つくる（協働する）ための 計画も あります。"
        "計画が どのくらい すすんだかも 見る ことが できます。\n\n"
        "やさしい 日本語で 読める のは、「市民が 参加する まちづくりの 計画（2回目）」の 一部です。"
        "ほかの ページは、ふつうの 日本語で 読んで ください。\n\n"
        "この ウェブサイトは 見本です。青葉市は、ほんとうには ない 市です。"
        "のって いる 電話番号や メールアドレスも、ほんとうの ものでは ありません。"
    ),
}

PLAN_INDEX = SectionSpec(
    slug="plans",
    title="市民参加・協働の計画",
    intro=(
        "市民参加推進計画、協働推進アクションプランなど、市民参加と協働に関する市の計画の一覧です。"
        "計画期間中の計画のほか、終了した計画も掲載しています。"
    ),
    english={
        "title": "Plans",
        "intro": (
            "Aoba City's plans for citizen participation and collaboration, including plans whose "
            "period has ended."
        ),
    },
    easy_japanese={
        "title": "市民の 参加と 協働の 計画",
        "intro": (
            "市民の 参加と 協働（市民と 市が いっしょに する こと）に ついての、市の 計画です。"
            "やさしい 日本語で 読める 計画は、いまは 一つです。"
            "ほかの 計画は、ふつうの 日本語で 読んで ください。"
        ),
    },
)

GUIDELINE_INDEX = SectionSpec(
    slug="guidelines",
    title="協働の指針・ハンドブック",
    intro=(
        "協働を進めるための基本的な考え方をまとめた指針と、職員が協働事業を進めるための手引きを掲載しています。"
    ),
    english={
        "title": "Guidelines and Handbooks",
        "intro": (
            "The principles of collaboration between citizens and the city, and the handbook city staff "
            "use to run collaborative projects."
        ),
    },
)

GLOSSARY_PAGE = SectionSpec(
    slug="glossary",
    title="用語解説",
    intro="計画や指針に出てくる用語の意味を、五十音順に説明しています。",
    english={
        "title": "Glossary",
        "intro": "The terms used in the plans and guidelines, with their meanings.",
    },
)

ACCESSIBILITY_PAGE = {
    "slug": "accessibility",
    "title": "ウェブアクセシビリティ方針",
    "summary": (
        "青葉市は、年齢や障害の有無、使う機器にかかわらず、誰もがこのサイトの情報を得られるよう、"
        "ウェブアクセシビリティの確保と向上に取り組みます。"
    ),
    "body": [
        heading("対象"),
        *paragraphs(
            "「青葉市 市民参加・協働のページ」（このサイト）で公開しているすべてのページを対象とします。"
        ),
        heading("目標とする適合レベル"),
        *paragraphs(
            "日本産業規格 JIS X 8341-3:2016「高齢者・障害者等配慮設計指針－情報通信における機器，"
            "ソフトウェア及びサービス－第3部：ウェブコンテンツ」の適合レベルAAに準拠することを目標とします。\n\n"
            "計画書の原本など、PDF形式で掲載している資料のうち、文字情報を持たない古い資料は対象外です。"
            "内容はページ本文や担当課へのお問い合わせでご確認いただけます。"
        ),
        heading("取組の内容"),
        *paragraphs(
            "・見出し、表の見出し、画像の代替テキストを正しく設定します\n"
            "・キーボードだけで、すべての機能を操作できるようにします\n"
            "・文字と背景の色に十分なコントラストを確保し、色だけで情報を伝えません\n"
            "・スマートフォンなど画面の狭い機器でも、横にスクロールせずに読めるようにします\n"
            "・試験を年に1回行い、結果をこのページで公表します"
        ),
        contact("市民協働推進課", "このサイトの使いやすさについてのご意見もお寄せください。"),
    ],
}
