"""青葉市協働推進アクションプラン: items with actors (★●◎) and a five-year schedule."""

from __future__ import annotations

from plans.vocabularies import Actor, PlanKind, PlanStatus
from plans.vocabularies import Phase as F
from plans.vocabularies import ProgressStatus as S

from .specs import (
    ItemSpec,
    LevelSpec,
    MeasureSpec,
    PlanSpec,
    Progress,
    ReportSpec,
    callout,
    contact,
    glossary,
    heading,
    paragraphs,
)

PILLAR_1 = "柱1 協働の担い手を育てる"
PILLAR_2 = "柱2 協働の仕組みを整える"
PILLAR_3 = "柱3 協働の場をひろげる"

LEAD = "市民協働推進課"

# The plan's own evaluation scale: the committee grades each item A to D; C and D both count
# as 遅れ in the roll-up.
LEVELS = (
    LevelSpec("A", S.ON_TRACK, "計画どおり、または計画以上に進んでいる（完了を含む）"),
    LevelSpec("B", S.MOSTLY_ON_TRACK, "概ね計画どおり進んでいる"),
    LevelSpec("C", S.DELAYED, "やや遅れている"),
    LevelSpec("D", S.DELAYED, "大幅に遅れている、または取組が止まっている"),
)
LEVEL_STATUS = {level.label: level.status for level in LEVELS}


def graded(fiscal_year: int, grade: str, narrative: str, percent: int | None = None) -> Progress:
    """A year graded on the plan's own scale: the status is the one the level counts as."""
    return Progress(fiscal_year, LEVEL_STATUS[grade], narrative, percent, grade=grade)


# Five fiscal years, FY2022 to FY2026.
STUDY_THEN_RUN = (F.STUDY, F.PREPARE, F.IMPLEMENT, F.CONTINUE, F.CONTINUE)
RUN_FROM_START = (F.IMPLEMENT, F.CONTINUE, F.CONTINUE, F.CONTINUE, F.CONTINUE)
REVIEW = (F.STUDY, F.IMPLEMENT, F.CONTINUE, F.CONTINUE, F.CONTINUE)

MEASURES = (
    MeasureSpec(
        "1",
        "市民活動の担い手の育成",
        PILLAR_1,
        "地域や社会の課題に関心を持つ人が、一歩を踏み出して活動に加われるよう、学びと出会いの機会をつくります。",
        (
            ItemSpec(
                "1",
                "市民活動入門講座・セミナーの開催",
                "市民活動に関心のある方を対象に、活動の始め方や団体の運営について学ぶ連続講座を開きます。"
                "修了後は、受講者が関心のある団体で体験活動ができるよう橋渡しをします。"
                "講座の一部は、活動団体の代表者が講師を務める公開セミナーとし、どなたでも参加できます。",
                (LEAD, "生涯学習課"),
                actor=Actor.JOINT,
                schedule=RUN_FROM_START,
                onwards=True,
                progress=(
                    graded(
                        2023,
                        "A",
                        "全5回の講座を2期開き、41人が修了しました。うち18人が団体での体験活動に参加しました。",
                    ),
                    graded(
                        2024,
                        "A",
                        "土曜日の講座を新設し、働く世代の受講者が増えました。修了者は52人でした。",
                    ),
                ),
            ),
            ItemSpec(
                "2",
                "若者の地域活動への参加促進",
                "大学や高校と連携し、学生が地域の行事や市民活動団体の活動に参加する「あおば地域インターン」を進めます。",
                ("青少年育成課", LEAD),
                actor=Actor.CITIZEN,
                new=True,
                schedule=(F.STUDY, F.IMPLEMENT, F.CONTINUE, F.CONTINUE, F.CONTINUE),
                progress=(
                    graded(2023, "B", "市内2大学の学生23人が、9団体でインターンを行いました。"),
                    graded(
                        2024,
                        "B",
                        "受け入れ団体が14団体に増えました。高校生の参加は夏休みの短期に限られました。",
                    ),
                ),
            ),
            ItemSpec(
                "3",
                "地域人材バンクの創設",
                "特技や経験を地域で生かしたい方を登録し、地域の団体や行事とつなぐ人材バンクをつくります。",
                ("地域活動支援課",),
                actor=Actor.CITY,
                new=True,
                schedule=STUDY_THEN_RUN,
                progress=(
                    graded(2023, "B", "他市の事例を調べ、登録の条件と個人情報の扱いを整理しました。", 30),
                    graded(2024, "C", "登録システムの調達が遅れ、運用開始を令和7年度に延期しました。", 40),
                ),
            ),
        ),
    ),
    MeasureSpec(
        "2",
        "中間支援機能の強化",
        PILLAR_1,
        "市民活動団体を支える中間支援組織と連携し、団体の運営力や連携する力を高めます。",
        (
            ItemSpec(
                "4",
                "中間支援組織との連携協定の締結",
                "市内で活動する中間支援組織と連携協定を結び、相談対応や研修を役割分担して行います。",
                (LEAD,),
                actor=Actor.JOINT,
                schedule=(F.STUDY, F.IMPLEMENT, F.CONTINUE, F.CONTINUE, F.CONTINUE),
                progress=(
                    graded(2023, "A", "NPO法人あおば市民活動ネットと連携協定を結びました。", 100),
                    graded(2024, "A", "協定にもとづき、団体向けの会計講座と広報講座を共同で開きました。"),
                ),
            ),
            ItemSpec(
                "5",
                "ファシリテーターの養成",
                "地域の話し合いを進行できる市民ファシリテーターを養成し、地域の会議やワークショップに派遣します。",
                (LEAD, "地域活動支援課"),
                actor=Actor.CITY,
                enhanced=True,
                schedule=(F.PREPARE, F.IMPLEMENT, F.CONTINUE, F.CONTINUE, F.CONTINUE),
                onwards=True,
                progress=(
                    graded(2023, "A", "養成講座を開き、15人を市民ファシリテーターとして登録しました。"),
                    graded(2024, "A", "登録者は延べ31人となり、地域の会議に22回派遣しました。"),
                ),
            ),
        ),
    ),
    MeasureSpec(
        "3",
        "協働事業の推進と評価",
        PILLAR_2,
        "協働事業が成果を上げられるよう、提案の受け付けから評価までの仕組みを見直します。",
        (
            ItemSpec(
                "6",
                "協働事業提案制度の見直し",
                "提案前の相談や、市の担当課との事前の対話を必須とするなど、提案しやすく、実現しやすい制度に改めます。",
                (LEAD,),
                actor=Actor.JOINT,
                enhanced=True,
                schedule=REVIEW,
                progress=(
                    graded(2023, "A", "事前相談を必須とした新しい募集要項で募集を行いました。"),
                    graded(2024, "A", "市の担当課から課題を示す「行政提示型」の募集を新たに始めました。"),
                ),
            ),
            ItemSpec(
                "7",
                "協働事業の評価手法の確立",
                "協働事業の成果と過程を、提案団体と市がともに振り返る評価シートを作り、評価結果を公表します。",
                (LEAD, "企画調整課"),
                actor=Actor.CITY,
                schedule=STUDY_THEN_RUN,
                progress=(graded(2023, "B", "評価シートの案をつくり、3事業で試行しました。", 50),),
            ),
            ItemSpec(
                "8",
                "企業・大学との連携の推進",
                "社会貢献に取り組む企業や大学と市民活動団体をつなぎ、人材や資金、専門知識を生かした協働を広げます。",
                ("企画調整課", LEAD),
                actor=Actor.JOINT,
                new=True,
                schedule=(F.STUDY, F.STUDY, F.PREPARE, F.IMPLEMENT, F.CONTINUE),
                progress=(
                    graded(2023, "B", "地域貢献に関心のある企業12社に聞き取りを行いました。"),
                    Progress(2024, "", "企業と団体の交流会を試行し、2件の連携が生まれました。"),  # 評価なし
                ),
            ),
        ),
    ),
    MeasureSpec(
        "4",
        "職員の協働推進",
        PILLAR_2,
        "職員が協働の意義と進め方を理解し、日々の仕事の中で協働を選べるよう支えます。",
        (
            ItemSpec(
                "9",
                "協働ハンドブックの活用",
                "職員向けの協働ハンドブックを改訂し、研修や事業の企画の場面で活用します。",
                (LEAD, "人事課"),
                actor=Actor.CITY,
                schedule=(F.PREPARE, F.IMPLEMENT, F.CONTINUE, F.CONTINUE, F.COMPLETE),
                progress=(
                    graded(2023, "A", "ハンドブックを改訂し、全職員が閲覧できるようにしました。", 100),
                    graded(2024, "A", "新規採用職員研修の教材として使いました。"),
                ),
            ),
            ItemSpec(
                "10",
                "協働コーディネーターの配置",
                "協働事業の相談に応じ、庁内の担当課と市民活動団体をつなぐ協働コーディネーターを置きます。",
                (LEAD,),
                actor=Actor.CITY,
                schedule=STUDY_THEN_RUN,
                onwards=True,
                progress=(
                    graded(2023, "B", "コーディネーターの役割と必要な体制を検討しました。"),
                    graded(2024, "B", "会計年度任用職員として1人を配置し、相談対応を始めました。"),
                ),
            ),
        ),
    ),
    MeasureSpec(
        "5",
        "交流と情報の場づくり",
        PILLAR_3,
        "市民、団体、企業、市が出会い、地域の課題と活動の情報を共有できる場をひろげます。",
        (
            ItemSpec(
                "11",
                "協働フェスタの開催",
                "市民活動団体の活動紹介や体験、団体と来場者の交流を行う「あおば協働フェスタ」を、"
                "市民の実行委員会と市が共催で開きます。",
                (LEAD,),
                actor=Actor.JOINT,
                schedule=RUN_FROM_START,
                progress=(
                    graded(2023, "A", "4年ぶりに会場で開催し、54団体が出展、約3,200人が来場しました。"),
                    graded(2024, "A", "高校生の実行委員が加わり、出展は61団体、来場者は約3,800人でした。"),
                ),
            ),
            ItemSpec(
                "12",
                "地域円卓会議の開催",
                "地区ごとに、自治会、市民活動団体、学校、事業者、市が同じテーブルで地域の課題を話し合う円卓会議を開きます。",
                ("地域活動支援課", "地域福祉課"),
                actor=Actor.JOINT,
                new=True,
                schedule=(F.STUDY, F.PREPARE, F.IMPLEMENT, F.IMPLEMENT, F.CONTINUE),
                progress=(
                    graded(
                        2023,
                        "B",
                        "西部地区でモデル開催し、買い物支援の仕組みづくりについて話し合いました。",
                    ),
                ),
            ),
            ItemSpec(
                "13",
                "市民活動情報サイトの運営",
                "市民活動団体が自ら活動やイベントの情報を掲載できる情報サイトを、団体の運営委員会が運営します。"
                "市はサイトの基盤の提供と周知を担います。",
                (LEAD, "デジタル推進課"),
                actor=Actor.CITIZEN,
                schedule=REVIEW,
                progress=(
                    graded(
                        2023,
                        "B",
                        "登録団体は212団体となりました。スマートフォン向けの表示を改善しました。",
                    ),
                    graded(
                        2024,
                        "B",
                        "登録団体は238団体となりました。運営委員の担い手不足が課題です。",
                    ),
                ),
            ),
        ),
    ),
)

COLLABORATION_ACTION_PLAN = PlanSpec(
    slug="collaboration-action-plan",
    title="青葉市協働推進アクションプラン",
    short_title="協働推進アクションプラン",
    kind=PlanKind.ACTION,
    status=PlanStatus.IN_FORCE,
    period_start=2022,
    period_end=2026,
    issuing_department=LEAD,
    summary=(
        "「青葉市協働の指針」にもとづき、協働を具体的に進めるための13の取組と、令和4年度から令和8年度までの"
        "スケジュールをまとめた行動計画です。取組ごとに、市民・市のどちらが主体となるかを示しています。"
    ),
    chapters=(
        heading("第1章 アクションプランについて"),
        *paragraphs(
            "このアクションプランは、「青葉市協働の指針」で示した協働の考え方を、具体的な行動に移すための計画です。"
            "市民参加推進計画（第2次）の施策「市民活動と協働の推進」を、より詳しく定めたものでもあります。\n\n"
            "取組ごとに、主に誰が担うかを次の記号で示しています。\n\n"
            "・★ 市民が主体となって取り組むもの\n"
            "・● 市が主体となって取り組むもの\n"
            "・◎ 市民と市がともに主体となって取り組むもの"
        ),
        glossary("協働"),
        heading("第2章 三つの柱"),
        *paragraphs(
            "協働の担い手を育てる、協働の仕組みを整える、協働の場をひろげる、の三つの柱に沿って取組を進めます。"
            "各取組の年度ごとの予定は、取組のページのスケジュール表をご覧ください。"
        ),
        callout(
            "スケジュールの見方",
            "検討：実施に向けて課題や方法を調べ、考える段階です。\n\n"
            "準備：実施に必要な体制や仕組みを整える段階です。\n\n"
            "実施・継続：取組を始め、続けていく段階です。「以降」とあるものは、計画期間の後も続けます。",
        ),
        contact(LEAD, "アクションプランについてのお問い合わせ"),
    ),
    measures=MEASURES,
    levels=LEVELS,
    reports=(
        ReportSpec(
            2024,
            "令和6年度 協働推進アクションプランの取組状況",
            "13の取組のうち、多くが予定どおり実施の段階に入りました。協働フェスタへの高校生の参加や、"
            "企業と団体の連携など、協働の担い手に広がりが見られます。"
            "地域人材バンクは運用開始が遅れており、令和7年度の早い時期の開始を目指します。",
            "計画期間の3年目となる令和6年度の取組状況と、市民協働推進委員会からいただいた意見の要点をまとめました。",
        ),
    ),
)
