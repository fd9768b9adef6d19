"""The library's exceptions.

Every error raised by conflictmodels inherits :class:`ConflictModelsError` and the
builtin that fits (``ValueError``, ``TypeError``, ``KeyError``), and carries structured
fields so that tools can act on it without parsing the message.

Example:
    >>> from conflictmodels import Point, ConflictModelsError
    >>> try:
    ...     Point(lat=91.0, lon=0.0)
    ... except ConflictModelsError as err:
    ...     print(err.owner, err.field, "|", err)
    Point lat | Point.lat: must be between -90 and 90, got 91.0
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = [
    "ConflictModelsError",
    "DanglingReferenceError",
    "DuplicateIdError",
    "FieldError",
    "FieldTypeError",
    "MissingFieldError",
    "SchemaVersionError",
    "UnknownFieldError",
    "ValidationError",
]

_MISSING = object()


class ConflictModelsError(Exception):
    """Base class of every error this library raises.

    Example:
        >>> from conflictmodels import ConflictModelsError, Point
        >>> try:
        ...     Point(lat=91.0, lon=0.0)
        ... except ConflictModelsError as err:
        ...     print(type(err).__name__, err.field)
        FieldError lat
    """


class FieldError(ConflictModelsError, ValueError):
    """One field of one object is invalid.

    Attributes:
        owner: The name of the class (or payload kind) the field belongs to.
        field: The field name, dotted for nested fields (``when.start``).
        reason: What is wrong, in words.
        value: The offending value, when there is one.
        path: The JSON path of the field while loading (``$.claims[3].when.start``),
            else ``None``.
        line: The line number, when the payload was one line of a JSON Lines stream.
        file: The file (path or URL) of that stream, when several files were read
            (``conflictmodels.dask.read_claims``), else ``None``.

    Example:
        >>> from conflictmodels import FieldError, Point
        >>> try:
        ...     Point(lat=91.0, lon=0.0)
        ... except FieldError as err:
        ...     print(err.owner, err.field, "|", err)
        Point lat | Point.lat: must be between -90 and 90, got 91.0
    """

    def __init__(
        self,
        owner: str,
        field: str,
        reason: str,
        value: object = _MISSING,
        *,
        path: str | None = None,
    ) -> None:
        self.owner = owner
        self.field = field
        self.reason = reason
        self.value = None if value is _MISSING else value
        self.has_value = value is not _MISSING
        self.path = path
        self.line: int | None = None
        self.file: str | None = None
        super().__init__(owner, field, reason)

    def at(self, path: str) -> FieldError:
        """Return this error located at JSON path ``path`` (the field is appended)."""
        self.path = path
        return self

    def __str__(self) -> str:
        where = self.path if self.path is not None else f"{self.owner}.{self.field}"
        if self.line is not None:
            where = f"line {self.line}: {where}"
        if self.file is not None:
            where = f"{self.file}, {where}"
        if self.has_value:
            return f"{where}: {self.reason}, got {_show(self.value)}"
        return f"{where}: {self.reason}"

    def __reduce__(self) -> tuple[object, ...]:  # keep errors picklable across processes
        state = (type(self), self.owner, self.field, self.reason, self.has_value, self.value, self.path, self.line)
        return (_rebuild, (*state, self.file)) if self.file is not None else (_rebuild, state)


def _rebuild(
    cls: type[FieldError],
    owner: str,
    field: str,
    reason: str,
    has_value: bool,
    value: object,
    path: str | None,
    line: int | None,
    file: str | None = None,
) -> FieldError:
    err = cls(owner, field, reason, value, path=path) if has_value else cls(owner, field, reason, path=path)
    err.line = line
    err.file = file
    return err


class FieldTypeError(FieldError, TypeError):
    """A field holds a value of the wrong Python or JSON type.

    Example:
        >>> from conflictmodels import FieldTypeError, Point
        >>> try:
        ...     Point(lat="51.7", lon=36.2)
        ... except FieldTypeError as err:
        ...     print(err.field, isinstance(err, TypeError))
        lat True
    """


class MissingFieldError(FieldError):
    """A required key is absent from a payload.

    Example:
        >>> from conflictmodels import SCHEMA_VERSION, MissingFieldError, Point, ValidationError, from_dict
        >>> try:
        ...     from_dict({"schema_version": SCHEMA_VERSION, "lat": 51.7}, Point)
        ... except ValidationError as err:
        ...     print([(type(e).__name__, e.path) for e in err.errors if isinstance(e, MissingFieldError)])
        [('MissingFieldError', '$.lon')]
    """


class UnknownFieldError(FieldError):
    """A payload has a key the schema does not know (and unknown keys were not kept).

    Example:
        >>> from conflictmodels import SCHEMA_VERSION, Point, UnknownFieldError, ValidationError, from_dict
        >>> payload = {"schema_version": SCHEMA_VERSION, "lat": 51.7, "lon": 36.2, "alt": 200}
        >>> try:
        ...     from_dict(payload, Point)
        ... except ValidationError as err:
        ...     print([(type(e).__name__, e.path) for e in err.errors if isinstance(e, UnknownFieldError)])
        [('UnknownFieldError', '$.alt')]
        >>> dict(from_dict(payload, Point, keep_unknown=True).extra)
        {'alt': 200}
    """


class DuplicateIdError(FieldError):
    """Two different objects of one kind share an id in one dossier.

    Example:
        >>> from conflictmodels import Dossier, DuplicateIdError, Source, SourceKind
        >>> try:
        ...     Dossier(sources=(Source(id="isw", name="ISW", kind=SourceKind.THINK_TANK),
        ...                      Source(id="isw", name="Other", kind=SourceKind.NGO)))
        ... except DuplicateIdError as err:
        ...     print(err.field)
        sources[1]
    """


class SchemaVersionError(FieldError):
    """A payload's ``schema_version`` is missing, malformed or newer than supported.

    Example:
        >>> from conflictmodels import SchemaVersionError, ValidationError, loads
        >>> try:
        ...     loads('{"schema_version": 99}')
        ... except ValidationError as err:
        ...     print([e.path for e in err.errors if isinstance(e, SchemaVersionError)])
        ['$.schema_version']
    """


class DanglingReferenceError(FieldError, KeyError):
    """An id refers to an object that the dossier does not hold.

    Example:
        >>> from conflictmodels import DanglingReferenceError, Dossier, Unit, UnitParent
        >>> try:
        ...     Dossier(units=(Unit(id="u1", name="1st Brigade", parents=(UnitParent(unit_id="nowhere"),)),))
        ... except DanglingReferenceError as err:
        ...     print(err.value)
        nowhere
    """

    def __str__(self) -> str:  # KeyError would quote the message
        return FieldError.__str__(self)


class ValidationError(ConflictModelsError, ValueError):
    """Several problems at once: a whole document, or one object with many bad fields.

    Attributes:
        errors: Each problem as a :class:`FieldError`, with its ``path`` when loading.

    Example:
        >>> from conflictmodels import ValidationError, loads
        >>> try:
        ...     loads('{"schema_version": 1, "claims": [{"id": "c1"}]}')
        ... except ValidationError as err:
        ...     print(len(err.errors), err.errors[0].path)
        3 $.claims[0].source_id
    """

    def __init__(self, errors: Iterable[FieldError], *, summary: str | None = None) -> None:
        self.errors = tuple(errors)
        n = len(self.errors)
        self.summary = summary or f"{n} problem{'s' if n != 1 else ''}"
        super().__init__(self.errors)

    def __str__(self) -> str:
        lines = [f"{self.summary}:"]
        lines.extend(f"  {err}" for err in self.errors)
        return "\n".join(lines)

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_group, (self.errors, self.summary))


def _rebuild_group(errors: tuple[FieldError, ...], summary: str) -> ValidationError:
    return ValidationError(errors, summary=summary)


_SHOWN = 80
"""The most characters of a value an error message shows (longer ones end in ``...``)."""


def _show(value: object) -> str:
    text = _bounded_repr(value, _SHOWN + 1)
    if len(text) > _SHOWN:
        text = text[: _SHOWN - 3] + "..."
    return f"{type(value).__name__} {text}" if not isinstance(value, (int, float)) else text


_OPEN_CLOSE: dict[type, tuple[str, str]] = {
    list: ("[", "]"),
    tuple: ("(", ")"),
    set: ("{", "}"),
    frozenset: ("frozenset({", "})"),
}


def _bounded_repr(value: object, limit: int) -> str:
    """``repr(value)``, or its first ``limit`` characters at least, whatever the value.

    ``repr`` itself recurses without bound (a RecursionError on deeply nested data) and
    refuses integers of more than 4,300 digits (ValueError); an error message must
    print for any value a caller passed. Lists, tuples, sets and dicts (of exactly those
    types) are written here, stopping once ``limit`` characters are out, so the depth
    walked is at most ``limit``; other values use their own ``repr``, guarded. For
    values whose ``repr`` is shorter than ``limit`` the text is exactly ``repr``'s.
    """
    parts: list[str] = []
    size = 0

    def emit(text: str) -> None:
        nonlocal size
        parts.append(text)
        size += len(text)

    def walk(item: object) -> None:
        kind = type(item)
        if kind is dict:
            assert isinstance(item, dict)
            emit("{")
            for n, (key, child) in enumerate(item.items()):
                if size > limit:
                    return
                if n:
                    emit(", ")
                walk(key)
                emit(": ")
                walk(child)
            emit("}")
        elif kind in _OPEN_CLOSE:
            assert isinstance(item, (list, tuple, set, frozenset))
            if not item and kind in (set, frozenset):
                emit(f"{kind.__name__}()")
                return
            opening, closing = _OPEN_CLOSE[kind]
            emit(opening)
            for n, child in enumerate(item):
                if size > limit:
                    return
                if n:
                    emit(", ")
                walk(child)
            emit("," + closing if kind is tuple and len(item) == 1 else closing)
        else:
            emit(_scalar_repr(item, limit))

    walk(value)
    return "".join(parts)


def _scalar_repr(value: object, limit: int) -> str:
    if type(value) is str and len(value) > 100 * limit:
        return repr(value[: 2 * limit])  # the quotes may differ from repr's; the text is cut anyway
    too_long = type(value) is int and value.bit_length() > 15_000  # above Python's 4,300 digits
    try:
        if not too_long:
            return repr(value)
    except Exception:  # a repr that recurses too deep, refuses, or fails: name the type
        pass
    if isinstance(value, int):
        return f"<int of {value.bit_length()} bits>"
    return f"<{type(value).__name__} object>"
