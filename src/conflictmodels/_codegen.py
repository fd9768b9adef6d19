"""The one place generated code is compiled.

Checks, readers, writers, key counters, replacers and reference walkers are generated
per model class as Python source. :func:`compile_function` compiles such source under a
unique file name and registers it in :mod:`linecache`, so tracebacks show the generated
line and a debugger can step through it, as attrs does for its generated methods.
"""

from __future__ import annotations

import itertools
import linecache
from collections.abc import Callable
from typing import Any

__all__ = ["compile_function", "compile_lambda"]

_COUNTER = itertools.count(1)


def _filename(purpose: str, owner: str) -> str:
    # Unique per compilation: the same class may be compiled more than once (a converter
    # per option), and linecache entries must not overwrite each other.
    return f"<conflictmodels {purpose} {owner} #{next(_COUNTER)}>"


def compile_function(src: str, name: str, namespace: dict[str, Any], *, purpose: str, owner: str) -> Any:
    """Compile ``src`` (one ``def name(...)``) with ``namespace`` as its globals; return the function.

    Example:
        >>> double = compile_function("def double(x):\\n    return 2 * x\\n", "double", {},
        ...                           purpose="example", owner="int")
        >>> double(21), double.__code__.co_filename.startswith("<conflictmodels example int #")
        (42, True)
    """
    filename = _filename(purpose, owner)
    linecache.cache[filename] = (len(src), None, src.splitlines(True), filename)
    exec(compile(src, filename, "exec"), namespace)  # the source is generated from our own declarations
    return namespace[name]


def compile_lambda(expr: str, namespace: dict[str, Any], *, purpose: str, owner: str) -> Callable[[Any], Any]:
    """``lambda s: <expr>`` compiled like :func:`compile_function`.

    Example:
        >>> compile_lambda("s + 1", {}, purpose="example", owner="int")(1)
        2
    """
    fn: Callable[[Any], Any] = compile_function(
        f"def rule(s):\n    return {expr}\n", "rule", dict(namespace), purpose=purpose, owner=owner
    )
    return fn
