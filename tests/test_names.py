"""Name normalisation, transliteration and matching keys (conflictmodels.names)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _support import examples
from conflictmodels import Branch, Echelon
from conflictmodels.names import (
    is_cyrillic,
    name_keys,
    normalise,
    source_keys,
    transliterate,
    unit_keys,
    unit_name_parts,
)
from conflictmodels.strategies import names

# ------------------------------------------------------------------------------ normalise


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Noven'ke -- Sumy  ", "novenke sumy"),
        ("Russia's Defense-Ministry!", "russias defense ministry"),
        ("ЧЕРКАССКОЕ   Поречное", "черкасское поречное"),
        ("Znam’yanka", "znamyanka"),
        ("Ḩalab", "ḩalab"),
        ("...", ""),
    ],
)
def test_normalise(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


def _normalise_by_character(name: str) -> str:
    """The rule of normalise, one character at a time (what its table must reproduce)."""
    text = unicodedata.normalize("NFC", unicodedata.normalize("NFC", name).casefold())
    out = []
    for ch in text:
        if ch in "'’ʼʻ`´′‘ʹʺ":
            continue
        out.append(" " if ch.isspace() or unicodedata.category(ch).startswith("P") else ch)
    return " ".join("".join(out).split())


@settings(max_examples=examples(2000))
@given(st.text())
def test_normalise_matches_the_character_rule(name: str) -> None:
    assert normalise(name) == _normalise_by_character(name)


def test_normalise_composes_decomposed_letters() -> None:
    decomposed = unicodedata.normalize("NFD", "Zürich Йошкар")
    assert normalise(decomposed) == normalise("Zürich Йошкар") == "zürich йошкар"


@settings(max_examples=examples(300))
@given(names())
def test_normalise_is_idempotent(name: str) -> None:
    once = normalise(name)
    assert normalise(once) == once
    assert "  " not in once
    assert once == once.strip()


# -------------------------------------------------------------------------- transliterate


@pytest.mark.parametrize(
    ("cyrillic", "language", "latin"),
    [
        ("Черкасское Поречное", None, "Cherkasskoye Porechnoye"),
        ("Малая Локня", None, "Malaya Loknya"),
        ("Косица", "ru", "Kositsa"),
        ("Косиця", "uk", "Kosytsia"),
        ("Новеньке", None, "Novenke"),
        ("Новенькое", None, "Novenkoye"),
        ("Київ", None, "Kyiv"),
        ("Юрівка", None, "Yurivka"),
        ("Згурівка", None, "Zghurivka"),
        ("Знам'янка", None, "Znamianka"),
        ("Запоріжжя", None, "Zaporizhzhia"),
        ("Ёлкино", None, "Yolkino"),
        ("Хрущёв", None, "Khrushchov"),
        ("Щука", None, "Shchuka"),
        ("ЩУКА", None, "SHCHUKA"),
        ("Глушково", "uk", "Hlushkovo"),
        ("Минобороны России", None, "Minoborony Rossii"),
    ],
)
def test_transliterate(cyrillic: str, language: str | None, latin: str) -> None:
    assert transliterate(cyrillic, language) == latin


def test_transliterate_leaves_other_scripts_alone() -> None:
    assert transliterate("Novenke 폭풍군단 Ḩalab") == "Novenke 폭풍군단 Ḩalab"
    assert transliterate("810-я бригада") == "810-ya brigada"


def test_transliterate_rejects_unknown_language() -> None:
    with pytest.raises(ValueError, match="language"):
        transliterate("Київ", "be")


@settings(max_examples=examples(300))
@given(st.text(st.characters(min_codepoint=0x0400, max_codepoint=0x04FF) | st.sampled_from(" -'"), max_size=30))
def test_transliterate_removes_russian_and_ukrainian_letters(text: str) -> None:
    alphabet = set("абвгґдеєёжзиіїйклмнопрстуфхцчшщъыьэюя")
    for lang in ("ru", "uk"):
        out = transliterate(text, lang)
        assert not (set(out.lower()) & alphabet)


def test_is_cyrillic() -> None:
    assert is_cyrillic("Новеньке")
    assert not is_cyrillic("Novenke")


# ------------------------------------------------------------------------------ name keys


def _share(*spellings: str) -> bool:
    keys = [name_keys(s) for s in spellings]
    common = keys[0]
    for k in keys[1:]:
        common = common & k
    return bool(common)


@pytest.mark.parametrize(
    "spellings",
    [
        ("Cherkasskoye Porechnoye", "Cherkasskoe Porechnoe", "Черкасское Поречное", "Cherkasskoie Porechnoie"),
        ("Malaya Lokhnya", "Malaya Loknya", "Малая Локня", "Malaia Lokhnia"),
        ("Novenke", "Новеньке", "Noven'ke", "NOVENKE"),
        ("Kositsa", "Kosytsia", "Косица", "Косиця"),
        ("Krasnyy", "Krasnyi", "Krasny", "Krasniy", "Krasnii", "Красный"),
        ("Zaporizhzhia", "Запоріжжя", "Zaporizhia"),
        ("Lyman", "Liman", "Лиман"),
        ("Kherson", "Herson", "Херсон"),
        ("Shchastia", "Schastia", "Щастя"),
        ("Fyodorovka", "Fedorovka", "Фёдоровка"),
        ("Yelizavetivka", "Elizavetivka", "Єлизаветівка"),
        ("Mayorsk", "Maiorsk", "Майорськ"),
        ("Sudzha", "Суджа", "Sudža"),
        ("Kursk Oblast", "Kursk region", "Kursk"),
    ],
)
def test_romanisation_variants_share_a_key(spellings: tuple[str, ...]) -> None:
    assert _share(*spellings), [sorted(name_keys(s)) for s in spellings]


def test_cyrillic_is_read_as_russian_and_as_ukrainian() -> None:
    # Глушково is Glushkovo in Russian and Hlushkovo in Ukrainian: both spellings find it.
    assert name_keys("Глушково") & name_keys("Glushkovo")
    assert name_keys("Глушково") & name_keys("Hlushkovo")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Novenke", "Novoselivka"),
        ("Kursk", "Sumy"),
        ("Malaya Lokhnya", "Bolshaya Lokhnya"),
        ("Malaya Loknya", "Velykyi Loknia"),
        ("Novenke", "Novinka"),
        ("Zhurivka", "Zghurivka"),
        # Russian and Ukrainian forms that differ inside the stem: only an alias joins them.
        ("Zaporozhye", "Zaporizhzhia"),
        ("Nikolaev", "Mykolaiv"),
    ],
)
def test_different_names_do_not_share_a_key(a: str, b: str) -> None:
    assert not (name_keys(a) & name_keys(b))


def test_name_keys_of_blank_names_are_empty() -> None:
    assert name_keys("—") == frozenset()


@settings(max_examples=examples(300))
@given(names())
def test_name_keys_are_stable_under_normalisation(name: str) -> None:
    assert name_keys(name) == name_keys(normalise(name))


# ------------------------------------------------------------------------------- unit keys

_810 = (
    "810th Naval Infantry Brigade",
    "810th Guards Separate Marine Brigade",
    "810th Guards Separate Naval Infantry Brigade",
    "810 Marines Brigade",
    "810-я отдельная гвардейская бригада морской пехоты",
    "810-та окрема бригада морської піхоти",
)


@pytest.mark.parametrize("name", _810)
def test_810th_brigade_spellings_share_a_key(name: str) -> None:
    assert unit_keys(name) & unit_keys(_810[0])


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("177th Marine Regiment", "177-й полк морской пехоты"),
        ("177th Marine Regiment", "177th Naval Infantry Regiment"),
        ("11th Army Corps", "11th Corps"),
        ("11th Air Assault Brigade", "11-я отдельная гвардейская десантно-штурмовая бригада"),
        ("1st Tank Army", "1-я танковая армия"),
    ],
)
def test_unit_spellings_share_a_key(a: str, b: str) -> None:
    assert unit_keys(a) & unit_keys(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("11th Air Assault Brigade", "11th Army Corps"),
        ("810th Naval Infantry Brigade", "81st Naval Infantry Brigade"),
        ("177th Marine Regiment", "177th Marine Brigade"),
        ("11th Air Assault Brigade", "11th Airborne Brigade"),
    ],
)
def test_different_units_do_not_share_a_key(a: str, b: str) -> None:
    assert not (unit_keys(a) & unit_keys(b))


def test_unit_keys_add_the_designation() -> None:
    assert unit_keys("Storm Corps", "11") == frozenset({"11 corps storm"})
    assert unit_keys("11th Corps", "011") == unit_keys("11th Corps")


def test_unit_name_parts() -> None:
    p = unit_name_parts("810-я отдельная гвардейская бригада морской пехоты")
    assert (p.numbers, p.echelon, p.branch) == (("810",), Echelon.BRIGADE, Branch.NAVAL_INFANTRY)
    corps = unit_name_parts("11th Army Corps")
    assert (corps.numbers, corps.echelon, corps.branch) == (("11",), Echelon.CORPS, None)
    both = unit_name_parts("3rd Battalion, 810th Brigade")
    assert both.numbers == ("3", "810")
    assert both.echelon is None


@pytest.mark.parametrize("ordinal", ["1st", "2nd", "3rd", "4th", "1-я", "1-й", "1-ша"])
def test_ordinals(ordinal: str) -> None:
    assert unit_name_parts(f"{ordinal} Brigade").numbers in {("1",), ("2",), ("3",), ("4",)}


# ----------------------------------------------------------------------------- source keys


@pytest.mark.parametrize(
    "alias",
    [
        "Russia's Defense Ministry",
        "Russian MoD",
        "Russian Defence Ministry",
        "Ministry of Defence of the Russian Federation",
        "Ministry of Defense of Russia",
        "Минобороны России",
        "Министерство обороны Российской Федерации",
        "RF MoD",
    ],
)
def test_ministry_of_defence_aliases(alias: str) -> None:
    assert source_keys(alias) & source_keys("Ministry of Defence of the Russian Federation")


@pytest.mark.parametrize(
    "alias",
    ["Ukraine's General Staff", "Ukrainian GS", "Генеральний штаб Збройних сил України", "General Staff of Ukraine"],
)
def test_general_staff_aliases(alias: str) -> None:
    assert source_keys(alias) & source_keys("General Staff of the Armed Forces of Ukraine")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Russian MoD", "Ukrainian MoD"),
        ("Russian MoD", "Russian General Staff"),
        ("Forbes", "Institute for the Study of War"),
    ],
)
def test_different_sources_do_not_share_a_key(a: str, b: str) -> None:
    assert not (source_keys(a) & source_keys(b))
