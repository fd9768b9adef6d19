"""One declaration per field: field kinds, the shared patterns, and ``@model``.

Every model field is declared once, with its kind in the attrs field's metadata::

    @attrs.frozen(kw_only=True)
    @model()
    class Source:
        id: str = field(metadata=ident())
        name: str = field(metadata=text())
        parent_id: str | None = field(default=None, metadata=ref("sources"))
        url: str | None = field(default=None, metadata=pattern(URL))

The kind (a :class:`Spec`) is the single source of everything derived about the field:
the compiled construction check (through :mod:`conflictmodels._checks`), the fast
readers and writers, the JSON Schema keywords, the hypothesis strategy, the reference
walker and the docs' field tables. :func:`model` refuses a field without a kind, so a
new field cannot go unvalidated.

The fields stay plain ``attrs.field`` calls so that every type checker (mypy's attrs
plugin included, which also types ``attrs.evolve``) reads the classes as attrs classes.
Optional fields are those declared with ``default=None``; tuple fields default to
``()``. The patterns (ids, text, party codes, URLs, language tags, country and region
codes, gazetteer ids) are defined here once.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Mapping, Sequence
from enum import Enum
from typing import Any, NamedTuple, TypeVar

import attrs

from . import _checks as c
from ._datetimes import RFC3339_PATTERN
from ._regex import portable

__all__ = [
    "COUNTRY",
    "GRADE",
    "LANGUAGE",
    "OSM",
    "PARTY",
    "REGION",
    "URL",
    "WIKIDATA",
    "Pattern",
    "Spec",
    "aware",
    "extra",
    "flag",
    "ident",
    "idents",
    "model",
    "nested",
    "nested_many",
    "number",
    "pattern",
    "patterns",
    "ref",
    "refs",
    "spec_of",
    "specs",
    "text",
    "texts",
    "vocab",
]

T = TypeVar("T")
SPEC = "conflictmodels.spec"
"""The metadata key under which a field's :class:`Spec` is kept."""


class Pattern(NamedTuple):
    """A string shape: its full-match regex, the reason given when a value does not
    match, and the name the compiled checks know it by."""

    name: str
    regex: re.Pattern[str]
    rule: str

    @property
    def json_pattern(self) -> str:
        """The same shape as a JSON Schema (ECMA 262) pattern, anchored, with groups non-capturing.

        Example:
            >>> from conflictmodels._spec import LANGUAGE, OSM
            >>> LANGUAGE.json_pattern, OSM.json_pattern
            ('^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*(?!\\\\n)$', '^(?:node|way|relation)/[1-9][0-9]*(?!\\\\n)$')
        """
        body = re.sub(r"\((?!\?)", "(?:", self.regex.pattern)
        return portable(f"^(?:{body})$" if _top_level_alternation(body) else f"^{body}$")


def _top_level_alternation(regex: str) -> bool:
    depth = 0
    for ch in regex:
        depth += ch == "("
        depth -= ch == ")"
        if ch == "|" and depth == 0:
            return True
    return False


PARTY = Pattern("_PARTY_RE", c.PARTY_RE, c.PARTY_RULE)
URL = Pattern(
    "_URL_RE", re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*://\S+"), "must be an absolute URL (scheme://...) without spaces"
)
LANGUAGE = Pattern(
    "_LANG_RE", re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*"), "must be a BCP 47 language tag such as en or uk"
)
COUNTRY = Pattern("_COUNTRY_RE", re.compile(r"[A-Z]{2}"), "must be an ISO 3166-1 alpha-2 code such as UA")
REGION = Pattern(
    "_REGION_RE", re.compile(r"[A-Z]{2}-[A-Z0-9]{1,3}"), "must be an ISO 3166-2 code such as UA-59 or RU-KRS"
)
WIKIDATA = Pattern("_WIKIDATA_RE", re.compile(r"Q[1-9][0-9]*"), "must be a Wikidata item id such as Q1234")
OSM = Pattern(
    "_OSM_RE", re.compile(r"(node|way|relation)/[1-9][0-9]*"), "must be an OpenStreetMap id such as relation/71980"
)
GRADE = Pattern(
    "_GRADE_RE",
    re.compile(r"[A-F][1-6]"),
    "must be an Admiralty grade: a reliability letter A-F and a credibility digit 1-6, such as B2",
)

_ID_SCHEMA: Mapping[str, Any] = {
    "minLength": 1,
    "maxLength": 256,
    # The characters (the check's isprintable(), no space) are the exporter's shared
    # definition Id: its pattern (conflictmodels._regex.id_pattern) is long.
}
_TEXT_SCHEMA: Mapping[str, Any] = {"minLength": 1, "pattern": c.TEXT_PATTERN}
DATETIME_SCHEMA: Mapping[str, Any] = {
    "format": "date-time",
    # The loader's one grammar (conflictmodels._datetimes): RFC 3339 with a time zone,
    # upper-case T and Z, no leap second; the pattern alone gives the loader's verdict.
    "pattern": RFC3339_PATTERN,
}


@attrs.frozen
class Spec:
    """What a field holds and the rules its values obey.

    Attributes:
        kind: ``ident``, ``text``, ``pattern``, ``enum``, ``number``, ``bool``,
            ``aware``, ``model`` or ``extra``.
        many: A tuple of such values (always defaulting to the empty tuple).
        optional: ``None`` is allowed (the field defaults to ``None``).
        target: For a reference, the dossier collection its ids point into
            (``sources``, ``locations``, ``units``, ``claims``).
        cls: The vocabulary or model class, for ``enum`` and ``model``.
        pattern: The string shape, for ``pattern``.
        lo: The smallest allowed number, if bounded.
        hi: The largest allowed number, if bounded.
        integer: Integers only (never a float or a bool).
        collection: For a dossier's tuple of entities: its name (the reference target).
    """

    kind: str
    many: bool = False
    optional: bool = False
    target: str | None = None
    cls: type | None = None
    pattern: Pattern | None = None
    lo: float | None = None
    hi: float | None = None
    integer: bool = False
    collection: str | None = None

    def check(self, name: str) -> c.FieldSpec:
        """The field's rules for :func:`conflictmodels._checks.compile_check`."""
        one = self._check_one(name)
        if self.many and self.kind == "ident":
            return c.distinct(c.each(name, one, c.IDS_MANY))
        if self.many:
            return c.each(name, one)
        return c.optional(one, self.optional)

    def _check_one(self, name: str) -> c.FieldSpec:
        kind = self.kind
        if kind == "ident":
            return c.ident(name)
        if kind == "text":
            return c.text(name)
        if kind == "pattern":
            assert self.pattern is not None
            return c.pattern(name, self.pattern.name, self.pattern.rule)
        if kind == "enum":
            assert self.cls is not None
            return c.enum(name, self.cls)
        if kind == "number":
            return c.number(name, lo=self.lo, hi=self.hi, integer=self.integer)
        if kind == "bool":
            return c.boolean(name)
        if kind == "aware":
            return c.aware(name)
        if kind == "model":
            assert self.cls is not None
            return c.model(name, self.cls)
        raise AssertionError(f"no check for kind {kind!r}")  # pragma: no cover - extra is built by @model

    def describe(self) -> str:
        """What a valid value is, in words (the docs' field tables).

        Example:
            >>> from conflictmodels._spec import Spec
            >>> Spec("ident", many=True, target="locations").describe()
            'list of ids of locations'
            >>> Spec("number", lo=-90, hi=90, optional=True).describe()
            'number from -90 to 90, or null'
        """
        kind = self.kind
        if kind == "ident":
            one = "id" if self.target is None else f"id of {'person' if self.target == 'people' else self.target[:-1]}"
            many = "ids" if self.target is None else f"ids of {self.target}"
        elif kind == "pattern":
            assert self.pattern is not None
            one = self.pattern.rule.removeprefix("must be ")
            many = f"values, each {one}"
        elif kind == "number":
            one = "integer" if self.integer else "number"
            if self.lo is not None and self.hi is not None:
                one += f" from {c.format_number(self.lo)} to {c.format_number(self.hi)}"
            elif self.lo is not None:
                one += f" of at least {c.format_number(self.lo)}"
            many = one
        elif kind in ("enum", "model"):
            assert self.cls is not None
            one, many = self.cls.__name__, f"{self.cls.__name__} objects"
        else:
            one, many = _WORDS[kind]
        text_ = f"list of {many}" if self.many else one
        return f"{text_}, or null" if self.optional else text_

    def namespace(self) -> dict[str, Any]:
        """The names the field's check expressions use."""
        if self.cls is not None:
            return {self.cls.__name__: self.cls}
        if self.pattern is not None:
            return {self.pattern.name: self.pattern.regex}
        return {}

    def schema(self) -> dict[str, Any]:
        """JSON Schema keywords for one value (an item, for a tuple; not null).

        ``$ref`` and ``type`` come from the type hint; these are the constraints the
        hint cannot carry.
        """
        kind = self.kind
        if kind == "ident":
            return dict(_ID_SCHEMA)
        if kind == "text":
            return dict(_TEXT_SCHEMA)
        if kind == "pattern":
            assert self.pattern is not None
            return {"pattern": self.pattern.json_pattern}
        if kind == "aware":
            return dict(DATETIME_SCHEMA)
        if kind == "enum":
            members: Any = self.cls
            values = [m.value for m in members]
            if all(type(v) is int for v in values):
                return {"minimum": min(values), "maximum": max(values)}
            return {}
        if kind == "number":
            out: dict[str, Any] = {}
            if self.lo is not None:
                out["minimum"] = _plain(self.lo)
            if self.hi is not None:
                out["maximum"] = _plain(self.hi)
            return out
        return {}


_WORDS = {
    "text": ("non-blank text", "non-blank texts"),
    "bool": ("true or false", "booleans"),
    "aware": ("RFC 3339 date-time with a time zone", "RFC 3339 date-times with a time zone"),
    "extra": ("unknown keys kept on request", "unknown keys kept on request"),
}


def _plain(x: float) -> float:
    return int(x) if float(x).is_integer() else x


# Field kinds: each returns the metadata for ``attrs.field(metadata=...)``. Whether the
# field is optional comes from its default (``None``) when the class is built.


def _meta(spec: Spec) -> dict[str, Spec]:
    return {SPEC: spec}


def ident() -> dict[str, Spec]:
    """An identifier: 1 to 256 characters, no spaces or control characters."""
    return _meta(Spec("ident"))


def idents() -> dict[str, Spec]:
    """A tuple of identifiers that refer to nothing in a dossier (``merged_ids``)."""
    return _meta(Spec("ident", many=True))


def ref(target: str) -> dict[str, Spec]:
    """The id of an object in the dossier collection ``target`` (``"sources"``...)."""
    return _meta(Spec("ident", target=target))


def refs(target: str) -> dict[str, Spec]:
    """A tuple of ids of objects in the dossier collection ``target``."""
    return _meta(Spec("ident", many=True, target=target))


def text() -> dict[str, Spec]:
    """Text that is not empty or blank and holds no lone surrogate."""
    return _meta(Spec("text"))


def texts() -> dict[str, Spec]:
    """A tuple of texts."""
    return _meta(Spec("text", many=True))


def pattern(shape: Pattern) -> dict[str, Spec]:
    """A string of the shape ``shape`` (one of the patterns of this module)."""
    return _meta(Spec("pattern", pattern=shape))


def patterns(shape: Pattern) -> dict[str, Spec]:
    """A tuple of strings of the shape ``shape``."""
    return _meta(Spec("pattern", many=True, pattern=shape))


def vocab(cls: type[Enum]) -> dict[str, Spec]:
    """A member of the vocabulary ``cls``."""
    return _meta(Spec("enum", cls=cls))


def number(*, lo: float | None = None, hi: float | None = None, integer: bool = False) -> dict[str, Spec]:
    """A finite number (an integer with ``integer``), never a bool, within ``[lo, hi]``."""
    return _meta(Spec("number", lo=lo, hi=hi, integer=integer))


def flag() -> dict[str, Spec]:
    """A bool."""
    return _meta(Spec("bool"))


def aware() -> dict[str, Spec]:
    """A timezone-aware datetime."""
    return _meta(Spec("aware"))


def nested(cls: type) -> dict[str, Spec]:
    """An instance of the model class ``cls``."""
    return _meta(Spec("model", cls=cls))


def nested_many(cls: type, *, collection: str | None = None) -> dict[str, Spec]:
    """A tuple of instances of ``cls``; ``collection`` names a dossier's collection."""
    return _meta(Spec("model", many=True, cls=cls, collection=collection))


def extra() -> dict[str, Spec]:
    """The unknown JSON keys kept on request when loading (``extra``)."""
    return _meta(Spec("extra"))


def model(*, cross: Sequence[c.Cross] = (), namespace: Mapping[str, Any] | None = None) -> Callable[[type[T]], type[T]]:
    """Compile a model class's check from its fields' declared kinds.

    Apply it below ``@attrs.frozen(kw_only=True)``. The check (the fields' rules, then
    ``cross``: rules over several fields, with ``namespace`` the names their expressions
    use) becomes the class's ``__attrs_post_init__``, or, when the class defines its
    own, is available to it as ``__check__``. Fields with ``init=False`` are the class's
    own business; every other annotated field must declare its kind.

    Example:
        >>> import attrs
        >>> from conflictmodels._spec import ident, model, text
        >>> @attrs.frozen(kw_only=True)
        ... @model()
        ... class Tag:
        ...     id: str = attrs.field(metadata=ident())
        ...     label: str | None = attrs.field(default=None, metadata=text())
        >>> Tag(id="t1").label is None
        True
        >>> Tag(id="t 1")
        Traceback (most recent call last):
        ...
        conflictmodels.errors.FieldError: Tag.id: must be a non-empty id of at most 256 characters without spaces or control characters, got str 't 1'
    """

    def wrap(cls: type[T]) -> type[T]:
        fields = _declared_fields(cls)
        ns: dict[str, Any] = dict(namespace or {})
        names = [name for name, spec, _ in fields if spec.kind != "extra"]
        field_specs: list[c.FieldSpec] = []
        for name, spec, _ in fields:
            if spec.kind == "extra":
                field_specs.append(c.extra(names))
                continue
            field_specs.append(spec.check(name))
            ns.update(spec.namespace())
        check = c.compile_check(cls.__name__, field_specs, cross, ns)
        cls.__check__ = staticmethod(check)  # type: ignore[attr-defined]
        if "__attrs_post_init__" not in cls.__dict__:
            cls.__attrs_post_init__ = check  # type: ignore[attr-defined]
        _MODELS.append(cls.__name__)
        return cls

    return wrap


_MODELS: list[str] = []


def _declared_fields(cls: type) -> list[tuple[str, Spec, Any]]:
    """The class body's init fields as ``(name, spec, default)``, each checked against
    its annotation: tuple-ness, optionality (``| None`` and ``default=None``), and ``()``
    as the default of a tuple."""
    out: list[tuple[str, Spec, Any]] = []
    annotations: dict[str, Any] = inspect.get_annotations(cls)
    for name, hint in annotations.items():
        declared = cls.__dict__.get(name)
        metadata = getattr(declared, "metadata", None)
        if getattr(declared, "init", True) is False:
            continue
        if not metadata or SPEC not in metadata:
            raise TypeError(f"{cls.__name__}.{name}: declare its kind, e.g. attrs.field(metadata=text())")
        spec: Spec = metadata[SPEC]
        default = getattr(declared, "_default", attrs.NOTHING)
        if default is None:
            spec = attrs.evolve(spec, optional=True)
            metadata[SPEC] = spec  # what specs() reads later says optional too
        hint_text = hint if isinstance(hint, str) else repr(hint)
        problems = []
        if spec.kind != "extra":
            if spec.many != hint_text.startswith("tuple["):
                problems.append("tuple annotation and tuple kind disagree")
            if spec.optional != hint_text.endswith("| None"):
                problems.append("'| None' annotation and default=None disagree")
            if spec.many and default != ():
                problems.append("a tuple field defaults to ()")
        if problems:
            raise TypeError(f"{cls.__name__}.{name}: {'; '.join(problems)}")
        out.append((name, spec, default))
    return out


_ATTRIBUTE = re.compile(r"^ {8}(\w+): (.*)$")


def field_docs(cls: type) -> dict[str, str]:
    """Each field's description, from the class docstring's ``Attributes:`` section
    (the one place a field is described, read by the JSON Schema and the docs).

    Example:
        >>> from conflictmodels import Hop
        >>> from conflictmodels._spec import field_docs
        >>> field_docs(Hop)["at"]
        'When this source published it, if known (aware).'
    """
    out: dict[str, str] = {}
    current: str | None = None
    in_section = False
    for line in (cls.__doc__ or "").splitlines():
        if line.strip() == "Attributes:":
            in_section = True
            continue
        if not in_section:
            continue
        if m := _ATTRIBUTE.match(line):
            current = m.group(1)
            out[current] = m.group(2).strip()
        elif current is not None and line.startswith(" " * 12) and line.strip():
            out[current] += " " + line.strip()
        elif line.strip() and not line.startswith(" " * 8):
            break
    return out


def exact_key(obj: Any) -> Any:
    """A sort key that tells apart what ``==`` does not: the same instant written in two
    offsets, ``1`` and ``1.0``, and unknown keys alike. Equal keys mean byte-identical
    JSON; choosing the smallest key among equal objects makes a choice independent of
    input order.

    Example:
        >>> from datetime import datetime, timedelta, timezone
        >>> from conflictmodels import Hop
        >>> from conflictmodels import Hedge
        >>> utc = Hop(source_id="a", hedge=Hedge.ASSERTED, at=datetime(2025, 3, 9, 9, tzinfo=timezone.utc))
        >>> msk = Hop(source_id="a", hedge=Hedge.ASSERTED, at=datetime(2025, 3, 9, 12, tzinfo=timezone(timedelta(hours=3))))
        >>> utc == msk, exact_key(utc) == exact_key(msk)
        (True, False)
    """
    # Every key is (tag, ...): values of different shapes compare by their tag, so any
    # two keys are comparable (None, a number, a list, an object...).
    if isinstance(obj, tuple):
        return ("1", tuple(exact_key(x) for x in obj))
    if attrs.has(type(obj)):
        return ("3", type(obj).__name__, tuple((name, exact_key(getattr(obj, name))) for name in specs(type(obj))))
    return _exact_value(obj)


def _exact_value(value: Any) -> Any:
    if isinstance(value, Mapping):
        return ("2", tuple(sorted((k, _exact_value(v)) for k, v in value.items())))
    if isinstance(value, tuple | list):
        return ("1", tuple(_exact_value(v) for v in value))
    if isinstance(value, Enum):
        value = value.value
    text = value.isoformat() if hasattr(value, "isoformat") else repr(value)
    return ("0", type(value).__name__, text)


def spec_of(cls: type, name: str) -> Spec:
    """The declared kind of field ``name`` of model ``cls``.

    Example:
        >>> from conflictmodels import Source
        >>> from conflictmodels._spec import spec_of
        >>> spec_of(Source, "parent_id").target
        'sources'
    """
    spec: Spec = attrs.fields_dict(cls)[name].metadata[SPEC]
    return spec


def specs(cls: type) -> dict[str, Spec]:
    """Every init field of model ``cls`` with its declared kind, in declaration order.

    Example:
        >>> from conflictmodels import Hop
        >>> from conflictmodels._spec import specs
        >>> list(specs(Hop))
        ['source_id', 'verb', 'hedge', 'at', 'extra']
    """
    return {f.name: f.metadata[SPEC] for f in attrs.fields(cls) if f.init}


def model_names() -> tuple[str, ...]:
    """The name of every class built with :func:`model`, in definition order."""
    return tuple(_MODELS)
