"""Unicode: NFC and NFD spellings, mixed scripts and confusables never break anything."""

from __future__ import annotations

import unicodedata

import attrs
import pytest

from conflictmodels import (
    Claim,
    Dossier,
    Location,
    LocationKind,
    Source,
    SourceKind,
    content_id,
    dumps,
    dumps_lines,
    loads,
    loads_lines,
)
from conflictmodels.examples import kursk_dossier

NAMES = ["Черкасское Поречное", "Zürich", "Ḩalab", "Novenke", "Новеньке", "폭풍군단", "Đồng Hới", "Å"]


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("form", ["NFC", "NFD", "NFKD"])
def test_every_normal_form_loads_and_round_trips_exactly(name: str, form: str) -> None:
    spelled = unicodedata.normalize(form, name)  # type: ignore[arg-type]
    loc = Location(id="x", name=spelled, aliases=(nfc(name),), kind=LocationKind.SETTLEMENT)
    for text in (dumps(loc), dumps(loc).encode(), dumps(loc).encode().decode("utf-8")):
        back = loads(text, Location)
        assert back == loc
        assert back.name == spelled, "loading never rewrites text"
        assert nfc(back.name) == nfc(name), "names compare after NFC normalisation"


def test_nfd_and_nfc_are_different_bytes_but_the_same_name() -> None:
    nfd = unicodedata.normalize("NFD", "Черкасское Поречное Zürich")
    assert nfd != nfc(nfd)
    d = Dossier(title=nfd)
    assert loads(dumps(d)).title == nfd
    assert nfc(loads(dumps(d)).title or "") == nfc(nfd)


CONFUSABLES = [
    ("kursk-a", "kursk-а"),  # Latin a, Cyrillic а
    ("Sudzha", "Ѕudzha"),  # Latin S, Cyrillic Ѕ
    ("xru-mod", "xru-mоd"),  # Cyrillic о
    ("Kyiv", "Kyіv"),  # Ukrainian і
]


@pytest.mark.parametrize(("latin", "mixed"), CONFUSABLES)
def test_confusable_ids_are_distinct_and_never_crash(latin: str, mixed: str) -> None:
    base = kursk_dossier()
    sources = (
        Source(id=latin, name=latin, kind=SourceKind.INDEPENDENT_MEDIA),
        Source(id=mixed, name=mixed, aliases=(latin,), kind=SourceKind.INDEPENDENT_MEDIA),
    )
    claim = base.claims[0]
    claims = (
        attrs.evolve(claim, id=f"c-{latin}", source_id=latin, attribution=()),
        attrs.evolve(claim, id=f"c-{mixed}", source_id=mixed, attribution=(), quote=f"{latin} / {mixed}"),
    )
    d = attrs.evolve(base, sources=base.sources + sources, claims=base.claims + claims)
    assert d.source(latin) is not d.source(mixed)
    assert loads(dumps(d)) == d
    assert loads_lines(dumps_lines(d.claims)) == list(d.claims)
    assert content_id(claims[0]) != content_id(claims[1])
    assert all(len(content_id(c)) == 32 for c in d.claims)


def test_mixed_script_names_everywhere() -> None:
    mixed = "Kursk Курск 쿠르스크 كورسك קורסק 🇷🇺 e\u0301 \u200d\u200b"
    claim = attrs.evolve(kursk_dossier().claims[0], quote=mixed)
    assert loads(dumps(claim), Claim) == claim
    assert loads(dumps(claim).encode(), Claim) == claim
    content_id(claim)
    d = Dossier(title=mixed, sources=(Source(id="ид-источника", name=mixed, kind=SourceKind.BLOGGER),))
    assert loads(dumps(d)) == d


def test_ascii_escaped_input_is_the_same() -> None:
    import json

    d = kursk_dossier()
    escaped = json.dumps(json.loads(dumps(d)), ensure_ascii=True)
    assert "\\u" in escaped
    assert loads(escaped) == d
