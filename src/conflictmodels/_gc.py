"""The cyclic garbage collector paused around work that allocates many small acyclic objects.

Loading, resolving and judging build millions of small objects without cycles, freed by
reference counting. Each collection the allocations trigger rescans every object that
survived the last one, so with the collector on, the cost per object grows with the size
of the heap (the entities and claims already held). Pausing it keeps the cost per
object flat; it is restored, even on error, as it was found.

Example:
    >>> import gc
    >>> from conflictmodels._gc import paused
    >>> with paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def paused() -> Iterator[None]:
    """The collector off inside the block, then as it was (also when the block raises)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def pausing(fn: Callable[P, R]) -> Callable[P, R]:
    """``fn`` run with the collector paused (:func:`paused`)."""

    @functools.wraps(fn)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with paused():
            return fn(*args, **kwargs)

    return run
