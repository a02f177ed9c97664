"""市民参加推進審議会答申への対応表: the committee's recommendations and how the city answers them.

Each measure is one recommendation (提言); its description is the city's policy, and its
items are the work that carries the policy out.
"""

from __future__ import annotations

from plans.vocabularies import PlanKind, PlanStatus

from .specs import ItemSpec, MeasureSpec, PlanSpec, heading, paragraphs

AREA = "答申「これからの市民参加のあり方について」"
LEAD = "市民協働推進課"

RECOMMENDATIONS = (
    MeasureSpec(
        "提言1",
        "若い世代が市政に参加しやすい仕組みをつくること",
        AREA,
        "若い世代の参加を市民参加推進の重点と位置づけます。学校や大学と連携して参加の入口を増やすとともに、"
        "参加した若者の意見がどう生かされたかを本人に返す仕組みを整えます。",
        (
            ItemSpec(
                "1-1",
                "あおばユース会議の定例化",
                "中高生が市政について話し合うユース会議を毎年度開き、提言への市の回答を公表します。",
                ("青少年育成課", LEAD),
                enhanced=True,
            ),
            ItemSpec(
                "1-2",
                "学校での主権者教育との連携",
                "市の事業や計画を題材にした授業に職員が協力し、学校での主権者教育と市民参加をつなげます。",
                ("学校教育課", LEAD),
                new=True,
            ),
        ),
        slug="recommendation-1",
    ),
    MeasureSpec(
        "提言2",
        "意見を出した市民に結果をわかりやすく返すこと",
        AREA,
        "パブリックコメントやワークショップで寄せられた意見が、計画や事業にどのように反映されたかを、"
        "意見を出した方に届く形で公表します。",
        (
            ItemSpec(
                "2-1",
                "パブリックコメント制度の運用改善",
                "意見への市の考え方を、案の修正箇所とあわせて一覧で示す様式に改めます。",
                (LEAD, "広報課"),
                relisted=True,
            ),
            ItemSpec(
                "2-2",
                "市民参加の結果報告ページの開設",
                "市民参加の手続ごとに、寄せられた意見の数と主な反映内容をまとめたページを設けます。",
                (LEAD, "デジタル推進課"),
                new=True,
            ),
        ),
        slug="recommendation-2",
    ),
    MeasureSpec(
        "提言3",
        "審議会等の委員構成を多様にすること",
        AREA,
        "公募委員の登用を進めるとともに、無作為抽出による委員の選任を試行し、"
        "性別や年代に偏りのない委員構成を目指します。",
        (
            ItemSpec(
                "3-1",
                "審議会等への市民公募委員の参加促進",
                "委員の改選時には原則として公募委員を置き、募集説明会を開きます。",
                (LEAD, "企画調整課"),
                relisted=True,
            ),
            ItemSpec(
                "3-2",
                "無作為抽出による委員選任の試行",
                "一部の審議会等で、無作為抽出で案内した市民の中から委員を選ぶ方法を試行します。",
                (LEAD, "男女共同参画課"),
                new=True,
            ),
        ),
        slug="recommendation-3",
    ),
    MeasureSpec(
        "提言4",
        "地域で話し合う力を育てること",
        AREA,
        "地域の話し合いを支える人材の育成と、話し合いの場づくりを、地域と市が協働して進めます。",
        (
            ItemSpec(
                "4-1",
                "市民ファシリテーターの派遣",
                "養成した市民ファシリテーターを、地域の会議や計画づくりの場に派遣します。",
                ("地域活動支援課", LEAD),
            ),
            ItemSpec(
                "4-2",
                "地域まちづくり計画の策定支援",
                "地区の住民が話し合って将来像をまとめる取組に、専門家を派遣します。",
                ("地域活動支援課", "都市計画課"),
                relisted=True,
            ),
        ),
        slug="recommendation-4",
    ),
    MeasureSpec(
        "提言5",
        "職員が市民参加を進める力を高めること",
        AREA,
        "市民参加の手続を職員の基本的な仕事の進め方として定着させるため、研修と相談体制を充実させます。",
        (
            ItemSpec(
                "5-1",
                "職員研修の充実",
                "職層別研修にファシリテーションの演習を取り入れます。",
                ("人事課", LEAD),
                relisted=True,
            ),
            ItemSpec(
                "5-2",
                "市民参加の手続相談窓口の設置",
                "各課が市民参加の手続を計画する段階で相談できる窓口を、市民協働推進課に設けます。",
                (LEAD,),
                new=True,
            ),
        ),
        slug="recommendation-5",
    ),
)

COUNCIL_RESPONSE = PlanSpec(
    slug="council-response",
    title="市民参加推進審議会答申への対応表",
    short_title="審議会答申への対応表",
    kind=PlanKind.RESPONSE,
    status=PlanStatus.IN_FORCE,
    period_start=2024,
    period_end=2025,
    issuing_department=LEAD,
    summary=(
        "令和5年度に青葉市市民参加推進審議会からいただいた答申「これからの市民参加のあり方について」の"
        "五つの提言に対して、市の方針と、それを実現するための取組をまとめた対応表です。"
    ),
    chapters=(
        heading("答申と対応表について"),
        *paragraphs(
            "青葉市市民参加推進審議会は、市長の諮問を受けて、市民参加推進計画（第2次）の中間評価と"
            "今後の市民参加のあり方について審議し、令和6年2月に答申をまとめました。\n\n"
            "この対応表では、答申の提言ごとに市の方針を示し、取組と担当課を明らかにしています。"
            "「再掲」とある取組は、市民参加推進計画（第2次）にも掲載しているものです。"
            "取組の状況は、市民参加推進計画の進捗報告とあわせてお知らせします。"
        ),
    ),
    measures=RECOMMENDATIONS,
)
