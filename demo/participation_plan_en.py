"""青葉市市民参加推進計画（第2次） in English: what the city's translator wrote.

Each entry of ``ENGLISH`` pairs a Japanese string of the plan's pages (plan, measures,
items, progress reports, the grades of its indicators), exactly as wagtail-localize splits
it into the PO files of the plan's bundle (``msgid``), with its English translation
(``msgstr``). A string used on several pages (an area, a group heading) is translated once.
Numbers, percentages and fiscal years are kept; Japanese era years become FY + the Western
year, as the site prints them in English. ``INDICATORS_ENGLISH`` and ``INDICATOR_UNITS`` do
the same for the plan's indicators, each translated through its own PO file.
"""

from __future__ import annotations

ENGLISH: dict[str, str] = {
    # The plan ---------------------------------------------------------------------
    "青葉市市民参加推進計画（第2次）": "Aoba City Citizen Participation Plan (2nd)",
    "市民参加推進計画（第2次）": "Citizen Participation Plan (2nd)",
    (
        "誰もが自分に合った方法で市政に参加できるまちを目指し、令和3年度から令和7年度までの5年間に"
        "取り組む施策と実施事業をまとめた計画です。三つの基本目標のもと、8つの施策と25の事業に取り組みます。"
    ): (
        "This plan sets out what Aoba City will do over the five years from FY2021 to FY2025 to become a "
        "city where everyone can take part in city government in the way that suits them. Under three "
        "basic goals, it brings together 8 measures and 25 action items."
    ),
    "第1章 計画の策定にあたって": "Chapter 1 Why This Plan",
    "1 計画策定の趣旨": "1 Purpose of the Plan",
    (
        "本市では、平成28年度に「青葉市市民参加推進計画」を策定し、審議会等への市民公募委員の登用や"
        "パブリックコメントの実施など、市政への市民参加の仕組みを整えてきました。"
    ): (
        "In FY2016 the City adopted the Aoba City Citizen Participation Plan. Since then it has built "
        "the means for citizens to take part in city government, such as appointing members recruited "
        "from the public to councils and committees and holding public comment consultations."
    ),
    (
        "一方で、参加する市民が一部の方に限られていること、若い世代の参加が少ないこと、"
        "寄せられた意見がどのように生かされたのかが見えにくいことなど、新たな課題も明らかになっています。"
        "また、感染症の拡大をきっかけに、オンラインでの意見募集や会議など、参加の方法も大きく変わりつつあります。"
    ): (
        "At the same time, new challenges have come to light: participation is limited to a small group "
        "of citizens, few young people take part, and it is hard to see how the views people send in "
        "have been used. Since the pandemic, the ways of taking part have also been changing fast, with "
        "consultations and meetings moving online."
    ),
    (
        "こうした状況を踏まえ、誰もが自分に合った方法で市政に参加できるまちを目指して、"
        "第2次となるこの計画を策定しました。"
    ): (
        "In response, the City has drawn up this second plan, aiming for a city where everyone can take "
        "part in city government in the way that suits them."
    ),
    "2 計画の位置づけと期間": "2 Place of the Plan and Its Period",
    (
        "この計画は、青葉市自治基本条例にもとづき、市民参加を総合的かつ計画的に進めるための計画です。"
        "青葉市総合計画を上位計画とし、「青葉市協働推進アクションプラン」と連携して取り組みます。"
    ): (
        "Based on the Aoba City Basic Ordinance on Self-Government, this plan promotes citizen "
        "participation in a comprehensive and systematic way. It comes under the Aoba City "
        "Comprehensive Plan and is carried out together with the Aoba City Collaboration Action Plan."
    ),
    (
        "計画期間は、令和3年度（2021年度）から令和7年度（2025年度）までの5年間です。"
        "社会状況の変化などにより必要が生じたときは、期間中であっても見直しを行います。"
    ): (
        "The plan covers the five years from FY2021 to FY2025. If changes in society make it necessary, "
        "it will be reviewed before the period ends."
    ),
    "第2章 市民参加の現状と課題": "Chapter 2 Citizen Participation Today",
    (
        "令和2年度に実施した市民意識調査では、「市政に関心がある」と答えた方が約6割にのぼる一方、"
        "「市政に意見を伝えたことがある」と答えた方は2割に届きませんでした。"
        "関心はあっても、参加の方法がわからない、時間が合わないといった理由で参加に至っていない様子がうかがえます。"
    ): (
        "In the FY2020 citizen survey, about 60% of respondents said they were interested in city "
        "government, but fewer than 20% said they had ever given the City their views. Many people seem "
        "to be interested yet do not take part, because they do not know how or the times do not suit "
        "them."
    ),
    "見えてきた主な課題": "The main challenges",
    "参加する市民の固定化と、若い世代の参加の少なさ": (
        "The same few citizens take part each time, and few young people do"
    ),
    "意見が施策にどう反映されたかを伝える仕組みの不足": (
        "There is no proper way of showing how people's views were reflected in City policy"
    ),
    "オンラインを含む、多様な参加の方法への対応": (
        "People need a choice of ways to take part, online included"
    ),
    "第3章 計画の基本的な考え方": "Chapter 3 The Thinking behind the Plan",
    "1 基本理念": "1 Guiding Principle",
    (
        "「ひとりひとりの声が届き、ともにつくるまち 青葉」を基本理念とし、"
        "市民と市が情報を共有し、対話を重ねながら、まちの未来をともに考え、つくっていくことを目指します。"
    ): (
        "Our guiding principle is “Aoba: a city where every voice is heard and we build the future "
        "together.” Citizens and the City share information and keep talking with each other, so that "
        "together they can think about and shape the future of the city."
    ),
    "2 三つの基本目標": "2 Three Basic Goals",
    "基本理念を実現するため、次の三つの基本目標を掲げ、8つの施策に取り組みます。": (
        "To put this principle into practice, the plan sets the following three basic goals and "
        "pursues 8 measures."
    ),
    "I 総合的な自治の醸成：市民と職員の双方が、参加と自治について学び、意識を高めます。": (
        "I Fostering self-government: citizens and City staff alike learn about participation and "
        "self-government and become more aware of them."
    ),
    "II 市民参加の機会の充実：誰もが参加しやすい、多様な参加の機会を用意します。": (
        "II More opportunities to take part: a wide range of opportunities that make it easy for anyone "
        "to take part."
    ),
    "III 情報共有の推進：参加の前提となる情報を、わかりやすく、双方向で共有します。": (
        "III Sharing information: the information that participation depends on is shared clearly and "
        "in both directions."
    ),
    # Areas and group headings --------------------------------------------------------
    "I 総合的な自治の醸成": "I Fostering self-government",
    "II 市民参加の機会の充実": "II More opportunities to take part",
    "III 情報共有の推進": "III Sharing information",
    "職員の意識の向上": "Raising staff awareness",
    "推進体制の整備": "Building the framework",
    "パブリックコメント": "Public comment",
    "対話の場": "Forums for dialogue",
    # Measure 1 ----------------------------------------------------------------------
    "市民参加に関する学びの機会の充実": "More opportunities to learn about citizen participation",
    "市民参加の意義や方法を知り、身近に感じてもらえるよう、世代や関心に応じた学びの機会をつくります。": (
        "We create learning opportunities for every generation and interest, so that people understand "
        "why and how to take part and feel that taking part is within their reach."
    ),
    "市民参加に関する出前講座の実施": "Outreach talks on citizen participation",
    (
        "自治会や学校、市民活動団体などの求めに応じて職員が出向き、市民参加の仕組みや"
        "参加の方法をわかりやすく説明します。"
    ): (
        "When neighbourhood associations, schools, civic groups or others ask, City staff visit them and "
        "explain in plain terms how citizen participation works and how to take part."
    ),
    "出前講座を12回実施し、延べ384人が参加しました。": (
        "We gave 12 outreach talks, with 384 participants in all."
    ),
    "出前講座を15回実施しました。新たに大学のゼミからの依頼があり、学生との意見交換も行いました。": (
        "We gave 15 outreach talks. For the first time a university seminar asked for one, and we also "
        "exchanged views with the students."
    ),
    "子ども・若者のまちづくり参加の推進": "Involving children and young people in shaping the city",
    (
        "中学生・高校生が市政について話し合う「あおばユース会議」を開き、"
        "若い世代の意見を施策に生かす機会をつくります。"
    ): (
        "We hold the Aoba Youth Council, where junior and senior high school students discuss city "
        "affairs, so that young people's views can shape City policy."
    ),
    "ユース会議の準備会を開き、市内の中学・高校10校から参加者を募りました。": (
        "We held a preparatory meeting for the Youth Council and recruited members from 10 junior and "
        "senior high schools in the city."
    ),
    "第1回ユース会議を開き、27人の中高生が公園の使い方について市長に提言しました。": (
        "At the first Youth Council, 27 junior and senior high school students presented the Mayor with "
        "proposals on how the city's parks should be used."
    ),
    "市民参加推進フォーラムの開催": "Citizen Participation Forum",
    "市民参加や協働に取り組む市民と職員が事例を共有し、交流するフォーラムを毎年開催します。": (
        "Every year we hold a forum where citizens and City staff working on participation and "
        "collaboration share their experience and get to know one another."
    ),
    "会場とオンラインの併用で開催し、156人が参加しました。": (
        "Held both in person and online, with 156 participants."
    ),
    "「若者と地域」をテーマに開催しました。参加者アンケートの満足度は89％でした。": (
        "Held on the theme “Young people and their community.” 89% of participants who answered the "
        "survey were satisfied."
    ),
    # Measure 2 ----------------------------------------------------------------------
    "職員の意識改革と推進体制の整備": "Changing how staff think and building a framework for participation",
    "市民参加を当たり前の仕事の進め方とするため、職員の理解と技能を高め、全庁で取り組む体制を整えます。": (
        "To make citizen participation a normal part of how the City works, we deepen staff "
        "understanding and skills and set up a framework across the whole city administration."
    ),
    "職員研修の充実": "Better staff training",
    (
        "新規採用職員から管理職まで、職層に応じた市民参加・協働の研修を行います。"
        "ワークショップの進め方など、実践的な内容を取り入れます。"
    ): (
        "We train staff at every level, from new recruits to managers, in citizen participation and "
        "collaboration. The courses include practical skills such as running a workshop."
    ),
    "職層別研修を5回実施し、延べ412人が受講しました。ファシリテーション演習を新設しました。": (
        "We ran 5 courses for the different staff levels, with 412 participants in all, and added a new "
        "facilitation exercise."
    ),
    "管理職向けに、審議会運営の事例を学ぶ研修を加えました。受講者は延べ455人でした。": (
        "We added a course for managers on case studies in running councils. 455 staff took part in all."
    ),
    "市民参加手続の実施状況の点検・公表": "Reviewing and publishing how participation procedures are used",
    "各課が行った市民参加の手続を毎年度とりまとめ、市民参加推進審議会の意見を聴いたうえで公表します。": (
        "Each year we compile the participation procedures every division has carried out and publish "
        "them after hearing the views of the Citizen Participation Council."
    ),
    "令和4年度の実施状況をとりまとめ、ホームページで公表しました。": (
        "We compiled the figures for FY2022 and published them on the City website."
    ),
    "令和5年度分を公表しました。一部の課で報告が遅れたため、報告様式を簡素化します。": (
        "We published the figures for FY2023. Some divisions reported late, so the reporting form will "
        "be simplified."
    ),
    "市民参加推進員の配置": "Participation officers in every division",
    "各課に市民参加推進員を置き、手続の相談窓口とするとともに、推進員どうしの情報交換会を開きます。": (
        "Every division appoints a participation officer who advises colleagues on the procedures, and "
        "the officers meet to share information."
    ),
    "全86課に推進員を配置しました。情報交換会は1回の開催にとどまりました。": (
        "Officers were appointed in all 86 divisions. Only one information-sharing meeting was held."
    ),
    "情報交換会を年3回開き、手続の好事例を共有しました。": (
        "Information-sharing meetings were held three times a year to pass on good practice."
    ),
    # Measure 3 ----------------------------------------------------------------------
    "地域自治の推進": "Promoting neighbourhood self-government",
    "身近な地域の課題を、住民が話し合い、自ら解決していけるよう、地域コミュニティの活動を支えます。": (
        "We support community activities so that residents can talk through the issues of their own "
        "neighbourhood and solve them themselves."
    ),
    "地域まちづくり計画の策定支援": "Support for neighbourhood plans",
    (
        "地区ごとに住民が将来像や取組を話し合ってまとめる「地域まちづくり計画」の策定を、"
        "専門家の派遣や情報提供によって支援します。"
    ): (
        "In each district, residents discuss and write down their vision for the area and what they will "
        "do: a Neighbourhood Plan. We support them by sending specialists and providing information."
    ),
    "2地区で計画づくりの話し合いが始まり、専門家を延べ14回派遣しました。": (
        "Work on a plan began in 2 districts, and specialists were sent 14 times in all."
    ),
    "東部地区で計画が完成しました。北部地区は令和7年度の完成を目指しています。": (
        "The Eastern District completed its plan. The Northern District aims to finish its plan in FY2025."
    ),
    "自治会・町内会の加入促進と活動支援": "More members and support for neighbourhood associations",
    (
        "転入者向けの案内や、役員の負担を軽くするための手引きの作成などにより、"
        "自治会・町内会の加入と活動を支援します。"
    ): (
        "We encourage people to join their neighbourhood association and support the associations' work, "
        "for example with information for new residents and a guide that lightens the load on officers."
    ),
    "加入率は62.1％で、前年度より0.8ポイント下がりました。": (
        "Membership stood at 62.1%, 0.8 points lower than the year before."
    ),
    "転入手続の窓口で加入案内を配り始めました。役員の負担を軽くする手引きを作成しました。": (
        "Information on joining is now handed out at the counter where new residents register. A guide "
        "that lightens the load on officers was produced."
    ),
    "地域コミュニティ施設の利活用促進": "Making better use of community facilities",
    (
        "地区センターなどの施設を、地域の話し合いや活動の拠点として使いやすくするため、"
        "予約方法の改善や設備の充実を図ります。"
    ): (
        "To make district centres and similar facilities easier to use as bases for local meetings and "
        "activities, we will improve the booking system and the equipment."
    ),
    "オンライン予約の導入に向けて、利用団体への聞き取りを行いました。": (
        "We interviewed the groups that use the facilities, in preparation for online booking."
    ),
    # Measure 4 ----------------------------------------------------------------------
    "審議会等への市民参加の促進": "More citizens on councils and committees",
    "審議会等の委員構成に市民の多様な視点が反映されるよう、公募委員の登用と新しい参加の方法を進めます。": (
        "So that councils and committees reflect the many points of view of citizens, we appoint members "
        "recruited from the public and try out new ways of taking part."
    ),
    "審議会等への市民公募委員の参加促進": "More members recruited from the public on councils and committees",
    (
        "審議会等を新たに設けるときや委員を改選するときは、原則として市民公募委員を置きます。"
        "応募しやすいよう、募集情報の発信と説明会の開催に取り組みます。"
    ): (
        "As a rule, whenever a council or committee is set up or its members are renewed, some members "
        "are recruited from the public. To make applying easier, we publicise vacancies and hold "
        "information sessions."
    ),
    (
        "審議会等の委員の一部を市民から公募する取組です。第2次計画では、公募委員のいる審議会等の割合を"
        "令和7年度までに70％とすることを目標に、委員の仕事を紹介する説明会や、"
        "子育て中の方も参加しやすい会議時間の工夫に取り組んでいます。"
    ): (
        "Some members of the City's councils and committees are recruited from the public. The second "
        "plan aims to have such members on 70% of councils and committees by FY2025. To get there, we "
        "hold information sessions on what members do and schedule meetings at times that suit people "
        "raising children."
    ),
    "公募委員のいる審議会等の割合は61.3％となりました。": (
        "61.3% of councils and committees had members recruited from the public."
    ),
    "割合は66.7％に上がりました。委員募集の説明会を初めて開催し、42人が参加しました。": (
        "The share rose to 66.7%. Our first information session for prospective members drew 42 people."
    ),
    "無作為抽出による市民参加の推進": "Participation by random selection",
    (
        "無作為抽出で選んだ市民に参加を呼びかける「市民討議会」を開き、"
        "これまで市政に関わる機会が少なかった方の声を聴きます。"
    ): (
        "We hold Citizens' Deliberation Meetings to which randomly selected residents are invited, to "
        "hear from people who have had few chances to be involved in city government."
    ),
    "市民2,000人に案内を送り、68人が市民討議会に参加しました。": (
        "Invitations went to 2,000 residents, and 68 of them took part in a Citizens' Deliberation Meeting."
    ),
    "「公共施設のこれから」をテーマに2回開催し、結果を施設計画に反映しました。": (
        "Two meetings were held on the theme “The future of our public facilities,” and their "
        "conclusions were written into the facilities plan."
    ),
    "審議会等の会議公開の徹底": "Open council and committee meetings",
    "審議会等の会議は原則として公開し、開催予定と会議録をホームページで速やかにお知らせします。": (
        "As a rule, council and committee meetings are open to the public, and their dates and minutes "
        "are posted promptly on the City website."
    ),
    "公開の対象となる会議の98％を公開で開催しました。": (
        "98% of the meetings that should be open were held in public."
    ),
    "開催予定の事前告知を、全庁共通の一覧ページにまとめました。": (
        "Advance notice of all meetings is now given on a single list for the whole City."
    ),
    # Measure 5 ----------------------------------------------------------------------
    "多様な意見を聴く機会の充実": "More ways to hear a wide range of views",
    (
        "時間や場所に縛られずに意見を伝えられるよう、パブリックコメントの改善やオンラインの活用など、"
        "意見を聴く方法を広げます。"
    ): (
        "We broaden the ways we listen, for example by improving public comment and making use of online "
        "tools, so that people can give their views whenever and wherever suits them."
    ),
    "パブリックコメント制度の運用改善": "A better public comment procedure",
    (
        "案の要点をまとめた概要版を必ず作成し、意見募集の期間を原則30日以上とします。"
        "寄せられた意見と市の考え方は、案の最終版とあわせて公表します。"
    ): (
        "Every draft comes with a summary of its main points, and comments are normally invited for at "
        "least 30 days. The comments received and the City's response are published together with the "
        "final version."
    ),
    "全23件の案件で概要版を作成しました。1件あたりの平均意見数は24.8件でした。": (
        "Summaries were produced for all 23 consultations. Each consultation received 24.8 comments on "
        "average."
    ),
    "運用の手引きを改訂し、全庁に周知しました。": (
        "The procedure guide was revised and made known across the City."
    ),
    "オンラインによる意見募集の拡充": "More ways to comment online",
    (
        "電子申請サービスを使った意見募集の受付や、オンライン説明会の開催など、"
        "スマートフォンからでも気軽に意見を伝えられる仕組みを広げます。"
    ): (
        "We are widening the ways people can easily give their views, even from a smartphone: comments "
        "through the City's online application service, online briefings and more."
    ),
    (
        "パブリックコメントや各種アンケートに、スマートフォンから回答できるようにする取組です。"
        "令和5年度からは、すべてのパブリックコメントで電子申請による受付を行っています。"
        "オンラインでの意見は全体の半数を超え、特に20代から40代の方の参加が増えています。"
    ): (
        "This lets people answer public comment consultations and City surveys from their smartphones. "
        "Since FY2023, every public comment consultation has accepted comments through the online "
        "application service. More than half of all comments now arrive online, and more people in their "
        "20s to 40s in particular are taking part."
    ),
    "すべてのパブリックコメントで電子申請による受付を始めました。": (
        "Every public comment consultation now accepts comments through the online application service."
    ),
    "オンラインでの意見提出が全体の54％になりました。": "54% of all comments were sent online.",
    "ワークショップ・市民対話集会の開催": "Workshops and citizen dialogue meetings",
    (
        "計画づくりや公共施設の整備などの初期の段階から、ワークショップや対話集会を開き、"
        "市民と一緒に考える機会をつくります。"
    ): (
        "From the early stages of a new plan or public facility, we hold workshops and dialogue meetings "
        "so that citizens and the City can think it through together."
    ),
    "ワークショップ等を28回開催しました。": "28 workshops and similar meetings were held.",
    "ワークショップ等を35回開催し、うち9回は地区単位で開きました。": (
        "35 workshops and similar meetings were held, 9 of them in individual districts."
    ),
    "市長と語る地域懇談会": "Talk with the Mayor: community meetings",
    "市長が各地区に出向き、住民と直接意見を交わす懇談会を開きます。": (
        "The Mayor visits each district and meets residents to exchange views face to face."
    ),
    "市内6地区で開催し、延べ312人が参加しました。": (
        "Meetings were held in 6 districts of the city, with 312 participants in all."
    ),
    "6地区で開催しました。うち1回は高校生との懇談としました。": (
        "Meetings were held in 6 districts. One of them was with senior high school students."
    ),
    # Measure 6 ----------------------------------------------------------------------
    "市民活動と協働の推進": "Promoting civic activities and collaboration",
    "市民活動団体の活動を支え、団体どうしや市との協働によって、地域の課題に取り組む力を高めます。": (
        "We support civic groups in their work and, through collaboration among groups and with the City, "
        "strengthen the community's ability to tackle local issues."
    ),
    "市民活動団体の交流の場づくり": "Bringing civic groups together",
    "分野の異なる市民活動団体が出会い、情報や経験を交換できる交流会を開きます。": (
        "We hold gatherings where civic groups from different fields can meet and share information and "
        "experience."
    ),
    "交流会を3回開き、62団体が参加しました。": "3 gatherings were held, attended by 62 groups.",
    "交流会を2回開きました。企業の社会貢献担当者も参加しました。": (
        "2 gatherings were held. Staff in charge of community work at local companies also took part."
    ),
    "協働事業提案制度の実施": "Proposals for joint projects",
    (
        "市民活動団体などから市と協働して取り組む事業の提案を受け付け、採択した事業を提案団体と市が"
        "役割を分担して実施します。"
    ): (
        "Civic groups and others can propose projects to carry out together with the City. The proposals "
        "selected are run jointly, with the group and the City each taking on their share."
    ),
    "9件の提案があり、4件を採択しました。": "9 proposals were received and 4 were selected.",
    "11件の提案があり、5件を採択しました。採択事業の成果報告会を公開で開きました。": (
        "11 proposals were received and 5 were selected. The results of the selected projects were "
        "presented at a public meeting."
    ),
    "市民活動支援センターの機能強化": "A stronger Civic Activity Support Center",
    "市民活動支援センターの相談体制を強化し、団体の立ち上げや運営、資金調達などの相談に応じます。": (
        "We strengthen the advice service of the Civic Activity Support Center, which helps groups with "
        "starting up, running their organisation, raising funds and more."
    ),
    "相談件数は年間486件でした。夜間の相談日を月2回設けました。": (
        "The center gave advice 486 times in the year. Evening advice sessions were added twice a month."
    ),
    "相談員の欠員により、夜間相談を一時休止しました。令和7年度に再開の予定です。": (
        "Evening advice sessions were suspended because an adviser's post was vacant. They are due to "
        "resume in FY2025."
    ),
    # Measure 7 ----------------------------------------------------------------------
    "行政情報の積極的な提供": "Providing public information proactively",
    "市民参加の前提となる行政情報を、必要な人に、わかりやすく、すばやく届けます。": (
        "We bring the public information that participation depends on to the people who need it, "
        "clearly and quickly."
    ),
    "地域情報の発信強化": "Better local news",
    "広報紙の地区版やホームページの地域ページを充実させ、身近な地域の情報を届けます。": (
        "We are expanding the district editions of the City newsletter and the local pages of the City "
        "website to bring people news from their own neighbourhood."
    ),
    "広報紙に地区版のページを設け、年4回発行しました。": (
        "The City newsletter now has district pages, published four times a year."
    ),
    "地区版を年6回に増やしました。": "The district pages now appear six times a year.",
    "オープンデータの推進": "Promoting open data",
    "市が持つデータを、二次利用しやすい形式でオープンデータとして公開します。": (
        "We publish the City's data as open data, in formats that are easy to reuse."
    ),
    "公開データセットは148件となりました。": "148 datasets are now published.",
    "公開データセットは203件となり、カタログサイトを刷新しました。": (
        "203 datasets are now published, and the catalogue site has been redesigned."
    ),
    "審議会等の会議録の公開迅速化": "Faster publication of council and committee minutes",
    "審議会等の会議録を、会議の開催からおおむね1か月以内に公開します。": (
        "The minutes of council and committee meetings are published within about a month of each meeting."
    ),
    "1か月以内に公開できた会議録は71％にとどまりました。": (
        "Only 71% of the minutes were published within a month."
    ),
    # Measure 8 ----------------------------------------------------------------------
    "双方向の情報共有": "Two-way information sharing",
    "市からの一方向の発信にとどまらず、市民の声を受け止め、その結果をお返しする仕組みを整えます。": (
        "Going beyond one-way announcements from the City, we set up ways to listen to citizens and to "
        "report back on what was done with what they said."
    ),
    "市民参加情報の一元的な発信": "Every chance to take part in one place",
    (
        "意見募集、審議会の委員募集、ワークショップの開催など、市民参加の機会を一つのページにまとめてお知らせします。"
    ): (
        "Calls for comments, vacancies on councils, upcoming workshops and every other chance to take "
        "part are announced together on a single page."
    ),
    "掲載する情報の範囲と更新の手順を関係課と検討しました。": (
        "We agreed with the divisions concerned what the page should list and how it is kept up to date."
    ),
    "「市民参加のひろば」ページを開設し、募集中の案件を一覧できるようにしました。": (
        "We opened the “Participation Square” page, which lists every current opportunity at a glance."
    ),
    "SNSを活用した対話型広報": "Two-way communication on social media",
    "SNSで市政情報を発信するとともに、寄せられた声を関係課と共有し、施策の改善に生かします。": (
        "We share news about the City on social media, pass the responses we receive on to the divisions "
        "concerned and use them to improve our work."
    ),
    "公式アカウントのフォロワーは3万2千人を超えました。": "The official accounts passed 32,000 followers.",
    "寄せられた声を月ごとに関係課へ共有する仕組みを試行しました。": (
        "We tried out passing the responses received on to the divisions concerned every month."
    ),
    "やさしい日本語による情報提供": "Information in Easy Japanese",
    "外国人住民や子どもにも伝わるよう、市民参加に関するお知らせを「やさしい日本語」でも発信します。": (
        "So that residents from abroad and children can understand them too, notices about citizen "
        "participation are also published in Easy Japanese (yasashii nihongo)."
    ),
    "職員向けの「やさしい日本語」研修の準備を進めています。": (
        "Training in Easy Japanese for City staff is being prepared."
    ),
    # Progress reports ----------------------------------------------------------------
    "令和5年度 市民参加推進レポート": "FY2023 Citizen Participation Report",
    (
        "計画の3年目として、25の実施事業のうち16事業が「順調」または「概ね順調」に進みました。"
        "オンラインによる意見募集が定着し、若い世代からの意見が増えたことが大きな成果です。"
        "一方、自治会・町内会の加入促進や会議録の公開迅速化には遅れが見られ、取組の見直しが必要です。"
    ): (
        "In the third year of the plan, 16 of the 25 action items were “On track” or “Mostly on track.” "
        "The main achievements are that commenting online has become the norm and that more views are "
        "coming from younger people. On the other hand, neighbourhood association membership and faster "
        "publication of minutes are behind schedule, and the approach to both needs to be reviewed."
    ),
    (
        "この報告書は、青葉市市民参加推進計画（第2次）にもとづく各事業の令和5年度の取組状況をまとめたものです。"
        "市民参加推進審議会の意見を聴いたうえで公表しています。"
    ): (
        "This report sets out what was done in FY2023 on each action item of the Aoba City Citizen "
        "Participation Plan (2nd). It is published after hearing the views of the Citizen Participation "
        "Council."
    ),
    "令和6年度 市民参加推進レポート": "FY2024 Citizen Participation Report",
    (
        "ユース会議の開催や無作為抽出による市民討議会など、新しい参加の方法が実を結びつつあります。"
        "公募委員のいる審議会等の割合も目標に近づきました。"
        "市民活動支援センターの夜間相談の休止など、体制面の課題には早期に対応します。"
        "最終年度となる令和7年度は、第3次計画の策定に向けて、5年間の成果と課題を丁寧に検証します。"
    ): (
        "New ways of taking part, such as the Youth Council and the Citizens' Deliberation Meetings of "
        "randomly selected residents, are beginning to bear fruit. The share of councils and committees "
        "with members recruited from the public is also close to the target. Staffing problems, such as "
        "the suspended evening advice sessions at the Civic Activity Support Center, will be dealt with "
        "quickly. In FY2025, the final year, we will review the achievements and challenges of all five "
        "years carefully as we prepare the third plan."
    ),
    (
        "計画期間の4年目となる令和6年度の取組状況をまとめました。"
        "一部の事業は年度末時点で報告を取りまとめ中のため、「報告なし」と表示しています。"
    ): (
        "This report sets out what was done in FY2024, the fourth year of the plan. A few items were still "
        "compiling their reports at the end of the fiscal year; they are shown as “Not reported.”"
    ),
    # The grades of the plan's indicators (translated with the plan).
    "S": "S",
    "A": "A",
    "B": "B",
    "C": "C",
    "目標を達成した": "Target reached",
    "順調に進んでいる": "On track",
    "一定の進捗が見られる": "Some progress",
    "進捗が遅れている": "Behind schedule",
}

# The plan's indicators (成果指標): each is translated through its own PO file, after the plan.
INDICATORS_ENGLISH: dict[str, str] = {
    "審議会等の委員に占める公募委員の割合": "Share of publicly recruited members on councils and committees",
    "市の審議会等の委員の総数のうち、公募により選ばれた市民委員が占める割合です。": (
        "The share of citizen members chosen by open recruitment among all members of the city's councils "
        "and committees."
    ),
    "審議会等の委員構成調査（市民協働推進課）": (
        "Survey of council membership (Citizen Collaboration Division)"
    ),
    "新型コロナウイルス感染症の影響で、一部の審議会等の委員改選を延期しました。": (
        "Because of COVID-19, the appointment of new members was postponed for some councils."
    ),
    "委員改選の時期を迎えた審議会等で、公募委員の枠を広げました。": (
        "Councils appointing new members this year opened more seats to public recruitment."
    ),
    "パブリックコメント1件あたりの平均意見数": "Average number of comments per public comment procedure",
    "その年度に実施したパブリックコメントに寄せられた意見の数を、実施した案件の数で割ったものです。": (
        "The number of comments received in the year's public comment procedures, divided by the number "
        "of procedures held."
    ),
    "パブリックコメント実施状況（市民協働推進課）": "Public comment records (Citizen Collaboration Division)",
    "対面での説明会を中止し、意見の受付を郵送・窓口・電子メールに限りました。": (
        "Briefing sessions were cancelled; comments were accepted by post, at the counter and by e-mail only."
    ),
    "オンラインによる意見の受付を始めました。": "Comments can now be submitted online.",
    "市民生活への影響が比較的小さい案件が多く、意見の少ない案件が続きました。": (
        "Many of the year's procedures concerned matters with little effect on daily life and drew "
        "few comments."
    ),
    "協働事業提案制度の提案件数": "Proposals under the collaborative project proposal scheme",
    "市民活動団体などから寄せられた協働事業の提案の件数です。令和5年度に中間目標を設けています。": (
        "The number of collaborative projects proposed by community groups and others. An interim target "
        "is set for FY2023."
    ),
    "協働事業提案制度の応募状況（市民協働推進課）": (
        "Applications to the proposal scheme (Citizen Collaboration Division)"
    ),
    "新型コロナウイルス感染症の影響で、募集期間を短縮しました。": (
        "Because of COVID-19, the application period was shortened."
    ),
    "市民活動団体の登録数": "Registered community groups",
    "市民活動支援センターに登録している市民活動団体の数（各年度末）です。": (
        "The number of community groups registered with the Community Activity Support Center at the end "
        "of each fiscal year."
    ),
    "市民活動支援センター登録団体数（各年度末）": (
        "Groups registered with the Community Activity Support Center (end of fiscal year)"
    ),
    "活動を休止した団体の登録を整理したため、前年度より減少しました。": (
        "Fewer than the year before: groups that have stopped their activities were removed from the "
        "register."
    ),
    "審議会等の会議録を公開するまでの平均日数": "Average days until council minutes are published",
    "審議会等の会議の開催日から、会議録を市のホームページで公開するまでの日数の平均です。": (
        "The average number of days from a council meeting to the publication of its minutes on the "
        "city's website."
    ),
    "会議録の公開状況調査（情報公開課）": "Survey of published minutes (Information Disclosure Division)",
    "担当課の体制の変更により、一部の会議録の公開が遅れました。": (
        "A reorganisation of the divisions in charge delayed the publication of some minutes."
    ),
    "市政への参加機会があると感じる市民の割合": (
        "Share of residents who feel they have opportunities to take part in city government"
    ),
    "市民意識調査で「市政に参加する機会がある」「どちらかといえばある」と答えた人の割合です。": (
        "The share of respondents to the residents' survey who answered that they have, or rather have, "
        "opportunities to take part in city government."
    ),
    "市民意識調査（広報課）": "Residents' survey (Public Relations Division)",
    "市民意識調査の設問を見直したため、この年度は調査を行っていません。": (
        "No survey this year while its questions were revised."
    ),
}

# The English unit of each indicator, by its Japanese name: 件 is "comments" for one and
# "proposals" for another, so units cannot share one catalogue entry.
INDICATOR_UNITS: dict[str, str] = {
    "審議会等の委員に占める公募委員の割合": "%",
    "パブリックコメント1件あたりの平均意見数": "comments",
    "協働事業提案制度の提案件数": "proposals",
    "市民活動団体の登録数": "groups",
    "審議会等の会議録を公開するまでの平均日数": "days",
    "市政への参加機会があると感じる市民の割合": "%",
}
