"""Name normalisation, Cyrillic transliteration and matching keys for entity resolution.

The same village, unit or ministry reaches a dossier under many spellings: romanised
by different systems ("Cherkasskoye" / "Cherkasskoe"), in Cyrillic ("Черкасское"), with
or without soft signs, honorifics ("Guards", "Separate") or abbreviations ("MoD").
This module turns a name into a small set of *keys*; two names that share a key are
candidate spellings of one thing. Keys are deliberately loose: they only propose
candidates, and :func:`~conflictmodels.resolve_entities` decides with the other evidence
(coordinates, regions, echelons, parties).

Example:
    >>> from conflictmodels.names import name_keys, normalise, transliterate
    >>> normalise("  Noven'ke -- Sumy  ")
    'novenke sumy'
    >>> transliterate("Черкасское Поречное")
    'Cherkasskoye Porechnoye'
    >>> bool(name_keys("Cherkasskoe Porechnoe") & name_keys("Черкасское Поречное"))
    True
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from typing import ParamSpec, TypeVar, cast

import attrs

from .vocabularies import Branch, Echelon

__all__ = [
    "PersonNameParts",
    "UnitNameParts",
    "is_cyrillic",
    "name_keys",
    "normalise",
    "person_keys",
    "person_name_parts",
    "source_keys",
    "transliterate",
    "unit_keys",
    "unit_name_parts",
]

_APOSTROPHES = frozenset("'’ʼʻ`´′‘ʹʺ")
"""Removed by :func:`normalise`; ``ʹ`` and ``ʺ`` are ISO 9's soft and hard signs."""
_CACHE = 65536
_CACHE_CHARS = 256

P = ParamSpec("P")
R = TypeVar("R")


def _cached(fn: Callable[P, R]) -> Callable[P, R]:
    """Memoise ``fn`` for names of realistic length only (``_CACHE`` entries).

    A longer argument is computed every time: a cache of hostile names of megabytes
    each would hold on to them (and to their keys) long after the document is gone.
    """
    lru = functools.lru_cache(maxsize=_CACHE)(fn)
    memo = cast("Callable[P, R]", lru)

    @functools.wraps(fn)
    def call(*args: P.args, **kwargs: P.kwargs) -> R:
        size = sum(len(a) for a in (*args, *kwargs.values()) if isinstance(a, str))
        return fn(*args, **kwargs) if size > _CACHE_CHARS else memo(*args, **kwargs)

    call.cache_clear = lru.cache_clear  # type: ignore[attr-defined]
    return call


# --------------------------------------------------------------------------- normalise


@_cached
def normalise(name: str) -> str:
    """Normalise a name for comparison: NFC, casefold, no punctuation, single spaces.

    Apostrophes (``'``, ``’``, ``ʼ``) and soft-sign marks are removed; hyphens and other
    punctuation become spaces; whitespace is collapsed. Letters, digits and scripts
    are kept as they are (no transliteration, see :func:`transliterate`).

    Args:
        name: Any name.

    Returns:
        The normalised name (possibly empty).

    Example:
        >>> from conflictmodels.names import normalise
        >>> normalise("Russia's  Defense-Ministry!")
        'russias defense ministry'
        >>> normalise("ЧЕРКАССКОЕ   Поречное")
        'черкасское поречное'
    """
    text = unicodedata.normalize("NFC", unicodedata.normalize("NFC", name).casefold())
    return " ".join(text.translate(_NORMALISE).split())


class _NormaliseTable(dict[int, str]):
    """What :func:`normalise` makes of each character, filled on first sight: apostrophes
    are removed, white space and punctuation become a space, anything else stays. A
    translation table lets ``str.translate`` do the per-character work in C."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        out = "" if ch in _APOSTROPHES else " " if ch.isspace() or unicodedata.category(ch).startswith("P") else ch
        if len(self) < 65536:  # bounded: hostile text cannot grow it without limit
            self[code] = out
        return out


_NORMALISE = _NormaliseTable()


# ----------------------------------------------------------------------- transliterate

_RU = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    # Ukrainian letters met in Russian text
    "і": "i", "ї": "yi", "є": "ye", "ґ": "g",
}  # fmt: skip
"""Russian, BGN/PCGN-like without diacritics; signs dropped."""

_UK = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie", "ж": "zh",
    "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n",
    "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ю": "iu", "я": "ia", "ь": "",
    # Russian letters met in Ukrainian text
    "ё": "io", "ъ": "", "ы": "y", "э": "e",
}  # fmt: skip
"""Ukrainian national system (KMU 2010); signs and apostrophes dropped."""

_UK_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
_RU_SOFTENED_E = frozenset("аеёиоуыэюяъьіїє")
_RU_HUSHING = frozenset("жчшщц")
_UK_ONLY = frozenset("іїєґ")
_UK_APOSTROPHE = re.compile(r"[\u0400-\u04ff]['’ʼ][\u0400-\u04ff]")


def is_cyrillic(text: str) -> bool:
    """True when ``text`` contains a Cyrillic letter.

    Example:
        >>> from conflictmodels.names import is_cyrillic
        >>> is_cyrillic("Новеньке"), is_cyrillic("Novenke")
        (True, False)
    """
    return any("\u0400" <= ch <= "\u04ff" for ch in text)


@_cached
def transliterate(text: str, language: str | None = None) -> str:
    """Romanise Russian or Ukrainian Cyrillic; other characters pass through unchanged.

    Russian follows BGN/PCGN without diacritics (``е`` is ``ye`` at the start of a
    word and after vowels, ``ё`` is ``yo``); Ukrainian follows the official 2010 table
    (``г`` is ``h``, ``и`` is ``y``, ``є ї ю я`` are ``ye yi yu ya`` at the start of a
    word and ``ie i iu ia`` elsewhere, ``зг`` is ``zgh``). Soft and hard signs and
    apostrophes are dropped. Case is kept.

    Args:
        text: Any text.
        language: ``"ru"``, ``"uk"``, or ``None`` to guess: Ukrainian when the text has
            a letter only Ukrainian uses (``і ї є ґ``) or an apostrophe inside a word,
            else Russian.

    Returns:
        The text with every Cyrillic letter romanised.

    Raises:
        ValueError: ``language`` is not ``"ru"``, ``"uk"`` or ``None``.

    Example:
        >>> from conflictmodels.names import transliterate
        >>> transliterate("Малая Локня")
        'Malaya Loknya'
        >>> transliterate("Новеньке")
        'Novenke'
        >>> transliterate("Косиця", "uk"), transliterate("Згурівка")
        ('Kosytsia', 'Zghurivka')
    """
    if language not in (None, "ru", "uk"):
        raise ValueError(f"language must be 'ru', 'uk' or None, got {language!r}")
    if not is_cyrillic(text):
        return text
    uk = language == "uk" or (
        language is None and (any(ch in _UK_ONLY for ch in text.lower()) or _UK_APOSTROPHE.search(text) is not None)
    )
    out: list[str] = []
    prev = ""  # previous letter (lower case), "" at the start of a word
    for i, ch in enumerate(text):
        low = ch.lower()
        if ch in _APOSTROPHES and prev:
            continue  # an apostrophe inside a word is not a word boundary, and not written
        table = _UK if uk else _RU
        rom = table.get(low)
        if rom is None:
            out.append(ch)
            prev = low if ch.isalpha() else ""
            continue
        if uk:
            if not prev and low in _UK_INITIAL:
                rom = _UK_INITIAL[low]
            elif low == "г" and prev == "з":
                rom = "gh"
        elif low == "е" and (not prev or prev in _RU_SOFTENED_E):
            rom = "ye"
        elif low == "ё" and prev in _RU_HUSHING:
            rom = "o"
        if ch != low and rom:
            nxt = text[i + 1] if i + 1 < len(text) else ""
            rom = rom.upper() if nxt.isalpha() and nxt.isupper() else rom.capitalize()
        out.append(rom)
        prev = low
    return "".join(out)


# ------------------------------------------------------------------------- name keys

_GENERIC_PLACE_WORDS = frozenset((
    "region", "oblast", "oblasti", "raion", "rayon", "raiona", "rayona", "district", "province",
    "krai", "kray", "selo", "village", "town", "city", "settlement", "hromada", "poselok",
    "posiolok", "gorod", "misto", "smt", "pgt",
))  # fmt: skip
_CONSONANT_BEFORE_YO = re.compile(r"(?<=[bcdfghklmnpqrstvwxz])yo")
_DOUBLE = re.compile(r"(\w)\1+")


_DIACRITIC_LETTERS = str.maketrans({
    "č": "ch", "š": "sh", "ž": "zh", "ŝ": "shch", "â": "ya", "û": "yu", "ê": "ye", "ë": "yo", "ï": "yi",
})  # fmt: skip
"""Letters of ISO 9 and scholarly romanisation written out as BGN/PCGN-like digraphs
before diacritics are stripped (``Sudža`` is ``Sudzha``, ``Malaâ`` is ``Malaya``)."""


def _latin(text: str, language: str | None) -> str:
    """Transliterate, write ISO 9 letters as digraphs, strip diacritics and normalise."""
    rom = unicodedata.normalize("NFC", transliterate(text, language)).casefold().translate(_DIACRITIC_LETTERS)
    decomposed = unicodedata.normalize("NFKD", rom)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return normalise(plain)


def _romanisations(name: str) -> tuple[str, ...]:
    """Normalised Latin readings of ``name``: both Russian and Ukrainian for Cyrillic."""
    norm = normalise(name)
    if not is_cyrillic(norm):
        return (_latin(norm, None),)
    return tuple(dict.fromkeys((_latin(norm, "ru"), _latin(norm, "uk"))))


def _fold_readings(text: str) -> tuple[str, str]:
    """Fold romanisation variants of a normalised Latin string: its ``kh`` read as
    ``h`` and read as ``k`` (the two are equal when it has no ``kh``)."""
    s = text.replace("shch", "sch").replace("zh", "z")
    s = s.replace("tz", "c").replace("ts", "c")
    s = _CONSONANT_BEFORE_YO.sub("e", s)
    s = s.replace("y", "i").replace("j", "i")
    s = s.replace("ie", "e").replace("cia", "ca")
    return _DOUBLE.sub(r"\1", s.replace("kh", "h")), _DOUBLE.sub(r"\1", s.replace("kh", "k"))


def _fold(text: str) -> frozenset[str]:
    """Fold romanisation variants of a normalised Latin string into one or two keys."""
    return frozenset(_fold_readings(text))


_MAX_MIXED_KH = 3
"""Up to this many words with an ambiguous ``kh``, every mix of their readings is a key."""


def _folded_words(words: Iterable[str]) -> tuple[list[str], list[str]]:
    """The ``h`` and the ``k`` reading of each word (words hold no white space).

    No fold crosses a space, so the words are folded together, in one pass per rule.
    """
    h, k = _fold_readings(" ".join(words))
    return (h.split(" "), k.split(" ")) if h else ([], [])


def _word_readings(words: Iterable[str]) -> list[tuple[str, ...]]:
    """The folded readings of distinct words, for keys made of several words.

    With at most :data:`_MAX_MIXED_KH` words whose ``kh`` may be ``h`` or ``k``, every
    combination (so "Kharkiv Lokhnya" meets "Harkiv Loknya"); beyond that only the
    two uniform readings (all ``h``, all ``k``), as :func:`name_keys` does for a whole
    name. The number of readings is at most ``2 ** _MAX_MIXED_KH``, whatever the name:
    a combination per word would be ``2 ** n`` keys for ``n`` such words.
    """
    h, k = _folded_words(words)
    ambiguous = [i for i, (a, b) in enumerate(zip(h, k, strict=True)) if a != b]
    if len(ambiguous) > _MAX_MIXED_KH:
        return [tuple(h), tuple(k)]
    readings = []
    for choice in itertools.product((h, k), repeat=len(ambiguous)):
        reading = list(h)
        for i, source in zip(ambiguous, choice, strict=True):
            reading[i] = source[i]
        readings.append(tuple(reading))
    return readings


_PLACE_BEFORE = ((re.compile(r"dj"), "dzh"), (re.compile(r"gh"), "g"))
"""Place-name spellings rewritten before the common folds: French and press ``dj`` for
``дж`` (Sudja), and Ukrainian ``zgh`` for ``зг``."""
_PLACE_AFTER = (
    (re.compile(r"g"), "h"),  # Russian г is g, Ukrainian г is h: Pogrebki / Pohrebky
    (re.compile(r"aia\b"), "a"),  # adjective -ая / -а: Malaya / Mala
    (re.compile(r"oe\b"), "e"),  # adjective -ое / -е: Novenkoye / Novenke
    (re.compile(r"oi\b"), "i"),  # adjective -ой / -ий: Zolotoy / Zolotyi
    (re.compile(r"o\b"), "e"),  # neuter -о / -е: Sverdlikovo / Sverdlikove
    (re.compile(r"[oe]v(?=k|\b)"), "iv"),  # -ов, -ев / -ів: Kamyshevka / Kamyshivka, Kharkov / Kharkiv
)
"""Russian and Ukrainian forms of one place name, folded after the common folds (on
both readings). Word endings only: a vowel inside a stem is never changed."""


def _place_fold(text: str) -> str:
    for pattern, replacement in _PLACE_AFTER:
        text = pattern.sub(replacement, text)
    return _DOUBLE.sub(r"\1", text)


@_cached
def name_keys(name: str) -> frozenset[str]:
    """Matching keys of a place (or person) name; names sharing a key may be one place.

    The name is normalised, romanised (Cyrillic both as Russian and as Ukrainian),
    stripped of diacritics and of generic words ("oblast", "region", "village"), then
    folded: ``shch``/``sch``, ``zh``/``z``, ``ts``/``c``, ``yo``/``e`` after a
    consonant, ``y``/``i`` (so ``-iy -ii -yi -y`` meet, as do ``ya``/``ia`` and
    ``yu``/``iu``), ``ye``/``ie``/``e`` (so ``-oye -oie -oe`` meet), ``-tsia``/``-tsa``
    (Ukrainian ``-иця`` against Russian ``-ица``, as in Kosytsia / Kositsa), double
    letters, and ``kh`` read both as ``h`` and as ``k`` (two keys).

    Russian and Ukrainian forms of one place also meet: ``g``/``h`` (Russian and
    Ukrainian ``г``: Pogrebki / Pohrebky), ``dj``/``dzh`` (Sudja / Sudzha), ISO 9
    letters (``ž č š ŝ â û``) written as digraphs, and word endings: ``-aya``/``-a``
    (Malaya / Mala), ``-oye``/``-oe``/``-e`` (Novenkoye / Novenke), ``-oy``/``-yi``,
    ``-o``/``-e`` (Sverdlikovo / Sverdlikove), ``-ov``/``-ev``/``-iv`` at the end of
    a word or before ``k`` (Kamyshevka / Kamyshivka, Kharkov / Kharkiv).

    Limits: only endings are folded, so forms that differ inside the stem do not meet
    (Zaporozhye / Zaporizhzhia, Nikolaev / Mykolaiv, Porechnoye / Porichchia), nor
    translated names, Polish or German romanisations (``w``, ``sz``) or plural
    adjectives; declare those as aliases. Keys only propose candidates: a place merges
    only when the geography agrees (:func:`~conflictmodels.resolution.match_locations`).

    Args:
        name: A place or person name in any script.

    Returns:
        A non-empty set of keys, unless the name has no letters or digits; at most
        four (Cyrillic read two ways, ``kh`` read two ways), so blocking stays linear.

    Example:
        >>> from conflictmodels.names import name_keys
        >>> sorted(name_keys("Malaya Lokhnya"))
        ['mala lohnia', 'mala loknia']
        >>> bool(name_keys("Малая Локня") & name_keys("Mala Loknia"))
        True
        >>> name_keys("Новенькое") == name_keys("Новеньке") == name_keys("Novenkoye") == name_keys("Novenke")
        True
        >>> bool(name_keys("Novenke") & name_keys("Novoselivka"))
        False
    """
    keys: set[str] = set()
    for latin in _romanisations(name):
        words = latin.split()
        specific = [w for w in words if w not in _GENERIC_PLACE_WORDS]
        text = " ".join(specific or words)
        for pattern, replacement in _PLACE_BEFORE:
            text = pattern.sub(replacement, text)
        if text:
            keys.update(_place_fold(k) for k in _fold_readings(text))
    return frozenset(keys)


# ------------------------------------------------------------------------------ units

_ORDINAL_SUFFIXES = frozenset((
    "я", "й", "ї", "а", "е", "ая", "ий", "ый", "ой", "ої", "го", "ого", "ей", "ій", "ому", "му",
    "та", "ма", "ша", "тя", "ya", "ia", "y", "i", "yi", "iy", "ta", "ma", "sha", "tia",
))  # fmt: skip
_NUMBER = re.compile(r"(\d+)(?:st|nd|rd|th|e|er|eme|ya|ia|y|i|yi|iy)?")

# (patterns matched against consecutive words, canonical token); longest first.
_UNIT_PHRASES: tuple[tuple[tuple[re.Pattern[str], ...], str], ...] = tuple(
    (tuple(re.compile(p) for p in pats.split()), token)
    for pats, token in [
        ("naval infantry", "marine"),
        (r"morsk\w* p[ie]\w*", "marine"),
        (r"marines? ", "marine"),
        ("air assault", "airassault"),
        (r"desantn\w* sh?turmov\w*", "airassault"),
        (r"desantno\w*shturmov\w*", "airassault"),
        ("mountain assault", "mountainassault"),
        (r"[gh]irsk\w* sh?turmov\w*", "mountainassault"),
        (r"assault|aslt|sh?turmov\w*", "assault"),
        (r"motori[sz]ed infantry", "motorinfantry"),
        (r"motopi?kho?t\w*", "motorinfantry"),
        (r"territorial defen[cs]e", "territorialdefence"),
        (r"ter[iy]tor[iy]al\w* oboron\w*", "territorialdefence"),
        (r"vozdushn\w* desantn\w*", "airborne"),
        (r"pov[iy]tr[iy]a\w* desantn\w*", "airborne"),
        (r"vozdushnodesantn\w*|pov[iy]tr[iy]a\w*desantn\w*", "airborne"),
        (r"airborne|paratroopers?|vdv", "airborne"),
        (r"motori[sz]ed rifle", "motorrifle"),
        ("motor rifle", "motorrifle"),
        (r"motostrelk\w*|motorifle", "motorrifle"),
        (r"mechani[sz]ed|mekhani[zs]\w*|mechanised|mech", "mechanized"),
        (r"tanks?|armou?red|tankov\w*|tankova\w*", "armoured"),
        (r"artiller\w*|artyler\w*|arty", "artillery"),
        (r"unmanned systems?|uas", "unmanned"),
        (r"be[sz]pilotn\w* s[iy]stem\w*", "unmanned"),
        (r"special forces", "specialforces"),
        (r"spetsnaz|specnaz", "specialforces"),
        (r"air defen[cs]e", "airdefence"),
        (r"reconnaissance|recon|razvedyvateln\w*|rozviduvaln\w*", "reconnaissance"),
        ("army corps", "corps"),
        (r"(?:armeisk|armiisk|armeysk)\w* korpus\w*", "corps"),
        (r"corps|korpus\w*", "corps"),
        (r"brigades?|br[iy][gh]ad\w*|bde", "brigade"),
        (r"regiments?|polk|polka|polku|polkom|regt", "regiment"),
        (r"battalions?|batal[iy]?on\w*|bn", "battalion"),
        (r"divisions?|d[iy]v[iy]z[iy]\w*|div", "division"),
        (r"companies|company|rota|roty|coy", "company"),
        (r"platoons?|vzvod\w*", "platoon"),
        (r"armies|arm[iy][aeiuy]*", "army"),
        (r"combined arms", "combinedarms"),
        (r"obshchevoisk\w*|obshchevoysk\w*|zahalnoviisk\w*", "combinedarms"),
        (r"naval|navy", "navy"),
    ]
)
_UNIT_PHRASE_START = re.compile("|".join(f"(?:{patterns[0].pattern})" for patterns, _ in _UNIT_PHRASES))
"""Whether a word may start a phrase: one test for the words that start none."""
_UNIT_DROP = re.compile(
    r"guards?|gds|gv|hv|gvard\w*|hvard\w*|separate|sep|independent|otdeln\w*|okrem\w*|red|banner|krasnoznam\w*"
    r"|order|orders|of|the|and|named|after|[iy]men[iy]|im|russian|russia|ukrainian|ukraine|north|korean|kpa|rf|vsu|zsu"
    r"|ordena|ordeniv|ordenov|unit"
)
_UNIT_HONOURS = re.compile(r"named|[iy]men[iy]|im|order|orders|ordena|ordeniv|ordenov")
"""Words that open an honorific ("named after Marshal Zhukov", "ордена Кутузова"):
the next :data:`_HONOUR_WORDS` words that are not a number or a unit word are its
names, dropped like "Guards"."""
_HONOUR_WORDS = 3
_HONORIFIC_ADJECTIVE = re.compile(r"\w{3,}[^aeiouy]sk(?:aya|aia|aja|ii|iy|yi|y|i|oi|oy|a|e|ogo|oho)")
"""A place-name honorific in a numbered unit's name ("4th Guards Kantemirovskaya Tank
Division", "76-я Черниговская дивизия"): dropped, like "Guards"; without a number the
name is kept, since it may be all that names the unit."""

_UNIT_ABBREVIATIONS: Mapping[str, tuple[str, ...]] = {
    # Ukrainian: окремий штурмовий батальйон, окрема механізована бригада, ...
    "oshb": ("assault", "battalion"), "oshbr": ("assault", "brigade"), "oshp": ("assault", "regiment"),
    "ombr": ("mechanized", "brigade"), "otbr": ("armoured", "brigade"), "oabr": ("artillery", "brigade"),
    "odshbr": ("airassault", "brigade"), "odshb": ("airassault", "battalion"), "odshp": ("airassault", "regiment"),
    "ogshbr": ("mountainassault", "brigade"), "ohshbr": ("mountainassault", "brigade"),
    "ompb": ("motorinfantry", "battalion"), "ompbr": ("motorinfantry", "brigade"),
    "obrmp": ("marine", "brigade"), "obmp": ("marine", "battalion"), "opdbr": ("airborne", "brigade"),
    "obr": ("brigade",), "tro": ("territorialdefence",),
    # Russian: отдельная мотострелковая бригада, мотострелковая дивизия, ...
    "omsbr": ("motorrifle", "brigade"), "msbr": ("motorrifle", "brigade"), "msd": ("motorrifle", "division"),
    "msp": ("motorrifle", "regiment"), "omsp": ("motorrifle", "regiment"), "vdd": ("airborne", "division"),
    "pdp": ("airborne", "regiment"), "dshbr": ("airassault", "brigade"), "dshb": ("airassault", "battalion"),
    "dshp": ("airassault", "regiment"), "dshd": ("airassault", "division"), "obrspn": ("specialforces", "brigade"),
    # English
    "mrd": ("motorrifle", "division"), "mrr": ("motorrifle", "regiment"), "mrb": ("motorrifle", "brigade"),
    "caa": ("combinedarms", "army"), "gta": ("armoured", "army"), "nib": ("marine", "brigade"),
    "smb": ("mechanized", "brigade"), "aab": ("airassault", "brigade"),
}  # fmt: skip
"""Unit abbreviations (romanised, lower case) and the words they stand for ("separate"
and "guards" are dropped anyway)."""
_UNIT_SHORT_ABBREVIATIONS: Mapping[str, tuple[str, ...]] = {
    "ak": ("corps",), "td": ("armoured", "division"), "oa": ("combinedarms", "army"),
}  # fmt: skip
"""Two-letter abbreviations, read only right after a number ("11 АК", "4 ТД")."""
_UNIT_ECHELONS = {
    "company": Echelon.COMPANY,
    "platoon": Echelon.PLATOON,
    "battalion": Echelon.BATTALION,
    "regiment": Echelon.REGIMENT,
    "brigade": Echelon.BRIGADE,
    "division": Echelon.DIVISION,
    "corps": Echelon.CORPS,
    "army": Echelon.ARMY,
}
_UNIT_BRANCHES = {
    "marine": Branch.NAVAL_INFANTRY,
    "airassault": Branch.AIR_ASSAULT,
    "assault": Branch.ASSAULT,
    "mountainassault": Branch.ASSAULT,
    "motorinfantry": Branch.INFANTRY,
    "territorialdefence": Branch.TERRITORIAL_DEFENCE,
    "airborne": Branch.AIRBORNE,
    "motorrifle": Branch.MOTOR_RIFLE,
    "mechanized": Branch.MECHANIZED,
    "armoured": Branch.ARMOURED,
    "artillery": Branch.ARTILLERY,
    "specialforces": Branch.SPECIAL_FORCES,
    "unmanned": Branch.UNMANNED_SYSTEMS,
    "airdefence": Branch.AIR_DEFENCE,
    "reconnaissance": Branch.RECONNAISSANCE,
    "combinedarms": Branch.COMBINED_ARMS,
    "navy": Branch.NAVY,
}


@attrs.frozen(kw_only=True)
class UnitNameParts:
    """What a unit's name says about it, read from the words.

    Attributes:
        numbers: The numbers in the name, ordinal suffixes removed ("810th" -> "810").
        echelon: The echelon the name names, when it names exactly one.
        branch: The branch the name names, when it names exactly one (marines and
            naval infantry are both ``Branch.NAVAL_INFANTRY``).
        tokens: Every canonical word: numbers, echelon and branch tokens, and the
            remaining words folded as by :func:`name_keys`; honorifics ("Guards",
            "Separate"), nationality adjectives and filler words are dropped.

    Example:
        >>> from conflictmodels.names import unit_name_parts
        >>> p = unit_name_parts("810-я отдельная гвардейская бригада морской пехоты")
        >>> p.numbers, p.echelon.value, p.branch.value, sorted(p.tokens)
        (('810',), 'brigade', 'naval_infantry', ['810', 'brigade', 'marine'])
    """

    numbers: tuple[str, ...]
    echelon: Echelon | None
    branch: Branch | None
    tokens: frozenset[str]


def _canonical_number(text: str) -> str:
    stripped = text.lstrip("0")
    return stripped or "0"


def _unit_tokens(latin: str) -> tuple[list[str], list[str]]:
    """Canonical tokens and leftover words of a normalised Latin unit name."""
    words = latin.split()
    tokens: list[str] = []
    leftover: list[str] = []
    honour = 0  # names of an honorific still to drop
    after_number = False
    i = 0
    while i < len(words):
        word = words[i]
        number = _NUMBER.fullmatch(word)
        if number:
            tokens.append(_canonical_number(number.group(1)))
            if i + 1 < len(words) and words[i + 1] in _ORDINAL_SUFFIXES:
                i += 1
            i += 1
            honour, after_number = 0, True
            continue
        expansion = _UNIT_ABBREVIATIONS.get(word) or (_UNIT_SHORT_ABBREVIATIONS.get(word) if after_number else None)
        if expansion:
            tokens.extend(expansion)
            i += 1
            honour, after_number = 0, False
            continue
        for patterns, token in _UNIT_PHRASES if _UNIT_PHRASE_START.fullmatch(word) else ():
            n = len(patterns)
            if i + n <= len(words) and all(p.fullmatch(words[i + k]) for k, p in enumerate(patterns)):
                tokens.append(token)
                i += n
                honour, after_number = 0, False
                break
        else:
            if _UNIT_HONOURS.fullmatch(word):
                honour, after_number = _HONOUR_WORDS, False
            elif not _UNIT_DROP.fullmatch(word):  # "Guards" between a number and "ТД" keeps it a number's
                if honour:
                    honour -= 1
                else:
                    leftover.append(word)
                after_number = False
            i += 1
    if any(t.isdigit() for t in tokens):
        leftover = [w for w in leftover if not _HONORIFIC_ADJECTIVE.fullmatch(w)]
    return tokens, leftover


@_cached
def _unit_readings(name: str) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    norm = normalise(name)
    # Cyrillic ordinal endings are words after normalisation ("810-я" -> "810 я").
    langs: tuple[str | None, ...] = ("ru", "uk") if is_cyrillic(norm) else (None,)
    readings = [_latin(norm, lang) for lang in langs]
    out = []
    for latin in dict.fromkeys(readings):
        tokens, leftover = _unit_tokens(latin)
        out.append((tuple(tokens), tuple(leftover)))
    return tuple(out)


@_cached
def unit_name_parts(name: str) -> UnitNameParts:
    """Read numbers, echelon, branch and canonical words from a unit's name.

    Handles English and Russian/Ukrainian names, ordinals ("810th", "810-я"),
    honorifics ("Guards", "Separate", "гвардейская", "отдельная", "окрема") and branch
    synonyms (naval infantry, marines, морская пехота). Echelon and branch are only
    given when the name names exactly one.

    Args:
        name: A unit name in any script.

    Returns:
        The parts of the name.

    Example:
        >>> from conflictmodels.names import unit_name_parts
        >>> p = unit_name_parts("11th Army Corps")
        >>> p.numbers, p.echelon
        (('11',), <Echelon.CORPS: 'corps'>)
    """
    readings = _unit_readings(name)
    tokens, leftover = readings[0]
    numbers = tuple(t for t in tokens if t.isdigit())
    echelons = {_UNIT_ECHELONS[t] for t in tokens if t in _UNIT_ECHELONS}
    branches = {_UNIT_BRANCHES[t] for t in tokens if t in _UNIT_BRANCHES}
    h, k = _folded_words(leftover)
    folded = sorted(map(min, h, k))
    return UnitNameParts(
        numbers=numbers,
        echelon=echelons.pop() if len(echelons) == 1 else None,
        branch=branches.pop() if len(branches) == 1 else None,
        tokens=frozenset((*tokens, *folded)),
    )


def _canonical_designation(designation: str) -> str:
    text = "".join(normalise(designation).split())
    return _canonical_number(text) if text.isdigit() else text


@_cached
def unit_keys(name: str, designation: str | None = None) -> frozenset[str]:
    """Matching keys of a unit name: its canonical words, sorted, in one string.

    Word order, language, ordinals, honorifics and branch synonyms do not matter, so
    "810th Naval Infantry Brigade", "810th Guards Separate Marine Brigade" and
    "810-я отдельная гвардейская бригада морской пехоты" share a key, while "11th Air
    Assault Brigade" and "11th Army Corps" do not. A ``designation`` (the unit's number
    or code) is added to the words when the name does not already carry it.

    Args:
        name: A unit name in any script.
        designation: The unit's designation, if known.

    Returns:
        One key per reading of the name (Cyrillic is read as Russian and Ukrainian;
        a word's ``kh`` as ``h`` and as ``k``, every mix of them for up to three such
        words, else all ``h`` and all ``k``): at most 16 keys, whatever the name.

    Example:
        >>> from conflictmodels.names import unit_keys
        >>> unit_keys("810th Naval Infantry Brigade") == unit_keys("810th Guards Separate Marine Brigade")
        True
        >>> bool(unit_keys("11th Air Assault Brigade") & unit_keys("11th Army Corps"))
        False
        >>> sorted(unit_keys("Storm Corps", "11"))
        ['11 corps storm']
    """
    extra = () if designation is None else (_canonical_designation(designation),)
    keys: set[str] = set()
    for tokens, leftover in _unit_readings(name):
        fixed = {*tokens, *extra}
        for choice in _word_readings(dict.fromkeys(leftover)):
            words = fixed.union(choice)
            if words:
                keys.add(" ".join(sorted(words)))
    return frozenset(keys)


# ---------------------------------------------------------------------------- sources

_SOURCE_PHRASES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = tuple(
    (tuple(a.split()), tuple(b.split()))
    for a, b in [
        ("ministry of defence", "ministry defence"),
        ("ministry of defense", "ministry defence"),
        ("defence ministry", "ministry defence"),
        ("defense ministry", "ministry defence"),
        ("mod", "ministry defence"),
        ("minoborony", "ministry defence"),
        ("ministerstvo oborony", "ministry defence"),
        ("ministerstvo obrony", "ministry defence"),
        ("gs", "general staff"),
        ("genshtab", "general staff"),
        ("henshtab", "general staff"),
        ("generalnyi shtab", "general staff"),
        ("generalnyy shtab", "general staff"),
        ("heneralnyi shtab", "general staff"),
        ("armed forces", "armed forces"),
        ("vooruzhennye sily", "armed forces"),
        ("vooruzhyonnye sily", "armed forces"),
        ("vooruzhennykh sil", "armed forces"),
        ("zbroini syly", "armed forces"),
        ("zbroinykh syl", "armed forces"),
        ("afu", "armed forces ukraine"),
        ("zsu", "armed forces ukraine"),
        ("vsu", "armed forces ukraine"),
        ("russian federation", "russia"),
        ("rossiiskoi federatsii", "russia"),
        ("rossiyskoy federatsii", "russia"),
        ("rossiiskaia federatsiia", "russia"),
        ("rossiyskaya federatsiya", "russia"),
        ("rf", "russia"),
        ("russias", "russia"),
        ("russian", "russia"),
        ("rossii", "russia"),
        ("rossiia", "russia"),
        ("rossiya", "russia"),
        ("ukraines", "ukraine"),
        ("ukrainian", "ukraine"),
        ("ukrainy", "ukraine"),
        ("ukraina", "ukraine"),
        ("defense", "defence"),
    ]
)
_SOURCE_PHRASES_BY_FIRST: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
for _entry in _SOURCE_PHRASES:  # in table order: the first phrase that matches wins
    _SOURCE_PHRASES_BY_FIRST.setdefault(_entry[0][0], []).append(_entry)
del _entry
_SOURCE_STOPWORDS = frozenset(["of", "the", "for", "and", "a", "an", "on", "in"])


def _source_tokens(latin: str) -> frozenset[str]:
    words = latin.split()
    out: list[str] = []
    i = 0
    while i < len(words):
        for phrase, replacement in _SOURCE_PHRASES_BY_FIRST.get(words[i], ()):
            if tuple(words[i : i + len(phrase)]) == phrase:
                out.extend(replacement)
                i += len(phrase)
                break
        else:
            if words[i] not in _SOURCE_STOPWORDS:
                out.append(words[i])
            i += 1
    return frozenset(out)


@_cached
def source_keys(name: str) -> frozenset[str]:
    """Matching keys of a source name, with a small abbreviation table.

    Word order and filler words do not matter; "MoD", "Ministry of Defence",
    "Defense Ministry" and "Минобороны" are one phrase; "GS" and "Генштаб" are
    "General Staff"; "Russia's", "Russian", "of the Russian Federation" and "РФ" are
    one word. A general staff is also keyed without "of the Armed Forces".

    Args:
        name: A source name in any script.

    Returns:
        One or more keys, at most 32 whatever the name (``kh`` is read as for
        :func:`unit_keys`).

    Example:
        >>> from conflictmodels.names import source_keys
        >>> keys = [source_keys(n) for n in ("Russia's Defense Ministry", "Russian MoD",
        ...                                  "Ministry of Defence of the Russian Federation")]
        >>> keys[0] == keys[1] == keys[2]
        True
        >>> bool(source_keys("Ukraine's General Staff")
        ...      & source_keys("General Staff of the Armed Forces of Ukraine"))
        True
    """
    keys: set[str] = set()
    for latin in _romanisations(name):
        tokens = _source_tokens(latin)
        if not tokens:
            continue
        variants = [tokens]
        if {"general", "staff"} <= tokens and {"armed", "forces"} <= tokens:
            variants.append(tokens - {"armed", "forces"})
        for variant in variants:
            for folded in _fold_tokens(sorted(variant)):
                keys.add(folded)
    return frozenset(keys)


def _fold_tokens(words: Iterable[str]) -> frozenset[str]:
    return frozenset(" ".join(sorted(c)) for c in _word_readings(words))


# ----------------------------------------------------------------------------- people


def _person_fold(text: str) -> tuple[str, ...]:
    """The folded readings of a normalised Latin person name: the common folds, ``x`` as
    ``ks`` (Alexander / Aleksandr) and ``g`` as ``h`` (Russian and Ukrainian ``г``:
    Gennady / Hennadii); ``kh`` read as ``h`` and as ``k`` (one or two readings)."""
    readings = _fold_readings(text.replace("x", "ks"))
    return tuple(dict.fromkeys(_DOUBLE.sub(r"\1", r.replace("g", "h")) for r in readings))


def _person_words(text: str) -> frozenset[str]:
    return frozenset(w for r in _person_fold(text) for w in r.split())


_PERSON_TITLES = _person_words(
    # English ranks and forms of address, with their abbreviations
    "mr mrs ms dr sir lt lieut lieutenant gen general col colonel maj major capt cpt captain sgt sergeant "
    "cpl corporal pvt private brig brigadier adm admiral vadm radm vice rear marshal field commodore cdr cmdr "
    "commander rank guards "
    # Russian, romanised (генерал-лейтенант, полковник, капитан 1-го ранга, гвардии ...)
    "general leytenant polkovnik podpolkovnik mayor kapitan starshiy mladshiy serzhant yefreytor ryadovoy "
    "praporshchik armii kontr vitse gvardii go ranga "
    # Ukrainian, romanised (генерал-лейтенант, бригадний генерал, полковник, капітан ...)
    "heneral polkovnyk pidpolkovnyk maior bryhadnyi starshyi molodshyi soldat matros starshyna ranhu"
)
"""Ranks and forms of address, folded: stripped from the front of a person's name."""

_GIVEN_NAMES = (
    "aleksandr alexander alexandr oleksandr olexandr aleksander",
    "aleksei alexei alexey aleksey oleksii oleksiy",
    "anatolii anatoly anatoliy",
    "andrei andrey andrii andriy",
    "dmitrii dmitry dmitriy dmytro",
    "evgenii evgeny yevgeny yevgeniy yevhen ievgen yevgen evgeniy",
    "fedor fyodor fedir",
    "gennadii gennady hennadii hennadiy",
    "georgii georgy heorhii heorhiy",
    "grigorii grigory hryhorii hryhoriy",
    "igor ihor",
    "konstantin kostiantyn kostyantyn",
    "mikhail mykhailo",
    "nikolai nikolay mykola",
    "oleg oleh",
    "pavel pavlo",
    "petr pyotr petro",
    "sergei sergey serhii serhiy sergii sergiy",
    "valerii valery valeriy",
    "vasilii vasily vasyl vasiliy",
    "viktor victor",
    "vitalii vitaly vitaliy",
    "vladimir volodymyr",
    "yurii yuri yury iurii yuriy",
    "vadim vadym",
    "maksim maxim maksym",
    "kirill kyrylo",
)
"""Russian, Ukrainian and English forms of common given names (Sergei / Serhii,
Vladimir / Volodymyr): each folded form is read as the first of its line."""


def _given_name_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for line in _GIVEN_NAMES:
        forms = line.split()
        canonical = _person_fold(forms[0])[0]
        for form in forms:
            for reading in _person_fold(form):
                table.setdefault(reading, canonical)
    return table


_GIVEN = _given_name_table()
_PATRONYMIC = re.compile(r"\w{2,}(?:ovich|evich|ovna|evna|ivna|ichna)")
_VOWELS = str.maketrans("", "", "aeiou")


@attrs.frozen
class PersonNameParts:
    """What :func:`person_name_parts` reads from a person's name.

    Attributes:
        keys: Matching keys (see :func:`person_keys`).
        patronymic: The patronymic, folded (``"aronovich"``), when the name has one.
        patronymic_key: The patronymic's stem without its ending and vowels
            (``"rn"``), so that Russian and Ukrainian forms of one patronymic agree
            (Sergeyevich / Serhiiovych); two different keys are two fathers.

    Example:
        >>> from conflictmodels.names import person_name_parts
        >>> person_name_parts("Алаудинов Апти Ааронович").patronymic_key
        'rn'
    """

    keys: frozenset[str]
    patronymic: str | None
    patronymic_key: str | None


def _person_readings(latin: str) -> Iterable[list[str]]:
    """The words of each folded reading, ranks stripped from the front, given names
    read as one form."""
    for reading in _person_fold(latin):
        words = reading.split()
        start = 0
        while start < len(words) - 1 and (words[start] in _PERSON_TITLES or words[start].isdigit()):
            start += 1
        yield [_GIVEN.get(w, w) for w in words[start:]]


@_cached
def person_name_parts(name: str) -> PersonNameParts:
    """Read a person's name: its matching keys and its patronymic.

    Args:
        name: A person's name in any script.

    Returns:
        The keys and the patronymic (see :class:`PersonNameParts`).

    Example:
        >>> from conflictmodels.names import person_name_parts
        >>> p = person_name_parts("Apti Aronovich Alaudinov")
        >>> sorted(p.keys), p.patronymic
        (['alaudinov apti', 'alaudinov apti aronovich'], 'aronovich')
    """
    keys: set[str] = set()
    patronymics: dict[str, str] = {}
    for latin in _romanisations(name):
        for words in _person_readings(latin):
            if not words:
                continue
            keys.add(" ".join(sorted(words)))
            if len(words) < 3:
                continue
            rest = [words[0], *(w for w in words[1:] if not _PATRONYMIC.fullmatch(w))]
            if 2 <= len(rest) < len(words):
                keys.add(" ".join(sorted(rest)))
                for w in words[1:]:
                    if _PATRONYMIC.fullmatch(w):
                        stem = re.sub(r"(?:ovich|evich|ovna|evna|ivna|ichna)$", "", w)
                        patronymics.setdefault(stem.translate(_VOWELS), w)
    if len(patronymics) == 1:
        ((key, word),) = patronymics.items()
        return PersonNameParts(frozenset(keys), word, key)
    return PersonNameParts(frozenset(keys), None, None)


def person_keys(name: str) -> frozenset[str]:
    """Matching keys of a person's name; names sharing a key may be one person.

    The name is romanised (Cyrillic read both as Russian and as Ukrainian), folded as
    :func:`name_keys` folds place names (``y``/``i``, ``zh``/``z``, ``ts``/``c``, double
    letters, ``kh`` read as ``h`` and as ``k``), with ``g``/``h`` (Russian and Ukrainian
    ``г``) and ``x``/``ks``; ranks and forms of address at the front are dropped ("Lt.
    Gen.", "Colonel", "полковник", "генерал-лейтенант", "Dr"); common given names are
    read as one form (Sergei / Serhii, Vladimir / Volodymyr, Aleksandr / Oleksandr);
    word order does not matter ("Alaudinov Apti"). A name of three words or more with a
    patronymic ("Apti Aronovich Alaudinov") is also keyed without it.

    Limits: a surname alone is a key of one word and meets only that word, so "Ivanov"
    never meets "Sergei Ivanov"; initials stay letters ("A. Alaudinov" meets only
    "A. Alaudinov"); diminutives (Sasha) and translated names are not guessed: declare
    them as ``Person.aliases``.

    Args:
        name: A person's name in any script.

    Returns:
        At most eight keys (two readings of Cyrillic, two of ``kh``, with and without
        a patronymic), whatever the name; none when it has no letters or digits.

    Example:
        >>> from conflictmodels.names import person_keys
        >>> person_keys("Lt. Gen. Apti Alaudinov") == person_keys("Аптий Алаудинов") == person_keys("Apti Alaudinov")
        True
        >>> bool(person_keys("Полковник Сергей Иванов") & person_keys("Serhii Ivanov"))
        True
        >>> bool(person_keys("Apti Alaudinov") & person_keys("Alaudinov"))
        False
    """
    return person_name_parts(name).keys
