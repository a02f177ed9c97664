"""The organisation of the fictional city of Aoba (青葉市): bureaus (局) and their divisions (課).

Telephone numbers use the 000 prefix, which no Japanese number has, and e-mail addresses
use the reserved ``example.jp`` domain, so nothing here reaches a real office.
"""

from __future__ import annotations

from .specs import DepartmentSpec

MAIL = "city.aoba.example.jp"
MAIN_BUILDING = "青葉市中央一丁目1番1号 市役所本庁舎"
EAST_BUILDING = "青葉市中央一丁目3番2号 市役所東庁舎"


def _division(
    name: str,
    reading: str,
    number: str,
    mailbox: str,
    floor: str,
    *,
    building: str = MAIN_BUILDING,
    aliases: tuple[str, ...] = (),
) -> DepartmentSpec:
    return DepartmentSpec(
        name=name,
        reading=reading,
        phone=f"000-{number}",
        fax=f"000-{number[:3]}-9{number[-3:]}",
        email=f"{mailbox}@{MAIL}",
        address=f"{building}{floor}",
        aliases=aliases,
    )


def _bureau(
    name: str, reading: str, number: str, mailbox: str, floor: str, *children: DepartmentSpec
) -> DepartmentSpec:
    return DepartmentSpec(
        name=name,
        reading=reading,
        phone=f"000-{number}",
        email=f"{mailbox}@{MAIL}",
        address=f"{MAIN_BUILDING}{floor}",
        children=children,
    )


DEPARTMENTS: tuple[DepartmentSpec, ...] = (
    _bureau(
        "総務局",
        "そうむきょく",
        "210-1000",
        "somu",
        "5階",
        _division("広報課", "こうほうか", "210-1101", "koho", "5階", aliases=("広報広聴課",)),
        _division("情報公開課", "じょうほうこうかいか", "210-1102", "joho-kokai", "5階"),
        _division("人事課", "じんじか", "210-1103", "jinji", "6階", aliases=("職員課",)),
    ),
    _bureau(
        "総合企画局",
        "そうごうきかくきょく",
        "210-2000",
        "kikaku",
        "7階",
        _division("企画調整課", "きかくちょうせいか", "210-2101", "kikaku-chosei", "7階"),
        _division(
            "デジタル推進課",
            "でじたるすいしんか",
            "210-2102",
            "digital",
            "7階",
            aliases=("情報政策課", "ＤＸ推進課"),
        ),
    ),
    _bureau(
        "市民局",
        "しみんきょく",
        "210-3000",
        "shimin",
        "3階",
        _division(
            "市民協働推進課",
            "しみんきょうどうすいしんか",
            "210-3101",
            "kyodo",
            "3階",
            aliases=("市民活動推進課", "協働推進課"),
        ),
        _division(
            "地域活動支援課",
            "ちいきかつどうしえんか",
            "210-3102",
            "chiiki",
            "3階",
            aliases=("地域振興課",),
        ),
        _division("男女共同参画課", "だんじょきょうどうさんかくか", "210-3103", "sankaku", "3階"),
    ),
    _bureau(
        "こども未来局",
        "こどもみらいきょく",
        "210-4000",
        "kodomo",
        "4階",
        _division("こども支援課", "こどもしえんか", "210-4101", "kodomo-shien", "4階"),
        _division(
            "青少年育成課",
            "せいしょうねんいくせいか",
            "210-4102",
            "seishonen",
            "4階",
            aliases=("青少年課",),
        ),
    ),
    _bureau(
        "環境局",
        "かんきょうきょく",
        "210-5000",
        "kankyo",
        "2階",
        _division(
            "環境政策課", "かんきょうせいさくか", "210-5101", "kankyo-seisaku", "2階", building=EAST_BUILDING
        ),
        _division(
            "資源循環課",
            "しげんじゅんかんか",
            "210-5102",
            "junkan",
            "2階",
            building=EAST_BUILDING,
            aliases=("ごみ減量推進課",),
        ),
    ),
    _bureau(
        "健康福祉局",
        "けんこうふくしきょく",
        "210-6000",
        "fukushi",
        "1階",
        _division("地域福祉課", "ちいきふくしか", "210-6101", "chiiki-fukushi", "1階"),
        _division("高齢福祉課", "こうれいふくしか", "210-6102", "korei", "1階"),
    ),
    _bureau(
        "都市整備局",
        "としせいびきょく",
        "210-7000",
        "toshi",
        "8階",
        _division("都市計画課", "としけいかくか", "210-7101", "toshi-keikaku", "8階"),
    ),
    _bureau(
        "教育委員会事務局",
        "きょういくいいんかいじむきょく",
        "210-8000",
        "kyoiku",
        "9階",
        _division(
            "生涯学習課",
            "しょうがいがくしゅうか",
            "210-8101",
            "shogai",
            "9階",
            aliases=("社会教育課",),
        ),
        _division("学校教育課", "がっこうきょういくか", "210-8102", "gakko", "9階"),
    ),
)

# English ---------------------------------------------------------------------------

# The English names of the departments and of the buildings in their addresses, as the
# city's translator wrote them: each pairs the Japanese text (msgid) with its translation.
_ENGLISH_NAMES = {
    "総務局": "General Affairs Bureau",
    "広報課": "Public Relations Division",
    "情報公開課": "Information Disclosure Division",
    "人事課": "Personnel Division",
    "総合企画局": "Policy and Planning Bureau",
    "企画調整課": "Planning and Coordination Division",
    "デジタル推進課": "Digital Transformation Division",
    "市民局": "Citizens' Affairs Bureau",
    "市民協働推進課": "Citizen Collaboration Division",
    "地域活動支援課": "Community Activities Support Division",
    "男女共同参画課": "Gender Equality Division",
    "こども未来局": "Children's Future Bureau",
    "こども支援課": "Child Support Division",
    "青少年育成課": "Youth Development Division",
    "環境局": "Environment Bureau",
    "環境政策課": "Environmental Policy Division",
    "資源循環課": "Resource Recycling Division",
    "健康福祉局": "Health and Welfare Bureau",
    "地域福祉課": "Community Welfare Division",
    "高齢福祉課": "Elderly Welfare Division",
    "都市整備局": "Urban Development Bureau",
    "都市計画課": "Urban Planning Division",
    "教育委員会事務局": "Board of Education Secretariat",
    "生涯学習課": "Lifelong Learning Division",
    "学校教育課": "School Education Division",
}
_ENGLISH_BUILDINGS = {
    MAIN_BUILDING: "City Hall Main Building, 1-1-1 Chuo, Aoba City",
    EAST_BUILDING: "City Hall East Building, 1-3-2 Chuo, Aoba City",
}


def _english_address(address: str) -> str:
    """青葉市中央一丁目1番1号 市役所本庁舎3階 → 3F, City Hall Main Building, 1-1-1 Chuo, Aoba City."""
    for building, english in _ENGLISH_BUILDINGS.items():
        floor = address.removeprefix(building).removesuffix("階")
        if address.startswith(building) and floor.isdigit():
            return f"{floor}F, {english}"
    raise ValueError(f"No English for the address {address!r}.")


def _all(specs: tuple[DepartmentSpec, ...]) -> list[DepartmentSpec]:
    return [department for spec in specs for department in (spec, *_all(spec.children))]


ENGLISH: dict[str, str] = {
    **_ENGLISH_NAMES,
    **{spec.address: _english_address(spec.address) for spec in _all(DEPARTMENTS) if spec.address},
}
