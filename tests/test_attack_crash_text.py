"""Attack class "wrong results on valid-looking input": names that show nothing, or that
display differently from what they hold (issue #19, item 18).

Before: a source named only with a zero-width space, a byte order mark or a bidi
override was "non-blank"; an escape sequence in a name reached terminals through the
CLI; a right-to-left override reordered a name in every export ("Trojan Source").
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

import conflictmodels.strategies as cst
from conflictmodels import FieldError, Location, Source, ValidationError, loads
from conflictmodels._checks import TEXT_PATTERN, is_text
from conflictmodels.export import json_schema

INVISIBLE = ["\u200b", "\ufeff", "\u200b\u200c\u200d", "\u2060", "\u00a0", "\u3000 ", "\u180e", "\u00ad", "\ufe0f"]
CONTROLS = ["\x1b[31mred\x1b[0m", "a\x00b", "bell\x07", "x\x7f", "c1\x86", "\x0bvertical"]
BIDI = ["moc.live\u202egnp.exe", "a\u2066b\u2069", "\u202btext", "x\u202d"]


@pytest.mark.parametrize("name", INVISIBLE, ids=repr)
def test_a_name_of_invisible_characters_is_blank(name: str) -> None:
    with pytest.raises(FieldError, match="must not be empty or blank"):
        Source(id="s", name=name)


@pytest.mark.parametrize("name", CONTROLS, ids=repr)
def test_control_characters_are_refused(name: str) -> None:
    with pytest.raises(FieldError, match="must not hold control characters"):
        Location(id="l", name=name)


@pytest.mark.parametrize("name", BIDI, ids=repr)
def test_bidirectional_controls_are_refused(name: str) -> None:
    with pytest.raises(FieldError, match="bidirectional control"):
        Source(id="s", name="ok", aliases=(name,))


@pytest.mark.parametrize("name", ["Zürich", "Ḩalab", "폭풍군단", "שלום", "مرحبا", "a\tb\nc", "\u00a0x", "e\u0301"])
def test_real_text_is_kept(name: str) -> None:
    assert Source(id="s", name=name).name == name


@pytest.mark.parametrize("name", INVISIBLE + CONTROLS + BIDI)
def test_the_loader_refuses_what_the_constructor_refuses(name: str) -> None:
    payload = {"schema_version": 1, "id": "s", "name": name}
    with pytest.raises(ValidationError) as info:
        loads(json.dumps(payload), Source)
    assert [e.path for e in info.value.errors] == ["$.name"]


@given(st.text(max_size=12))
def test_the_schema_pattern_says_what_the_check_says(value: str) -> None:
    import re

    assert (re.match(TEXT_PATTERN, value) is not None) == (value != "" and is_text(value))


def test_the_schema_uses_the_same_text_rule() -> None:
    assert json_schema(Source)["properties"]["name"]["pattern"] == TEXT_PATTERN


@given(cst.names())
def test_generated_names_are_valid_text(name: str) -> None:
    assert is_text(name)
