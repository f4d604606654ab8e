"""Plain data between stages: frozen dataclasses that cost less to define.

`@dataclass(frozen=True)` writes six methods for each class (__init__, __repr__, __eq__,
__hash__, __setattr__, __delattr__) and compiles each with its own `exec` when the class is
defined, which every command paid at start-up (bench/README.md: "@record"). `@record` has dataclass write
__init__ alone; the other five are written once, here, for every class, and do what
dataclass's do: equality and hashing over the compared fields (a class's own instances only),
repr over the shown fields, and fields that __init__ sets once and nothing sets again.
`dataclasses.fields`, `replace` and `asdict` work as on any dataclass.
"""

from __future__ import annotations

import reprlib
from collections.abc import Callable, Iterable
from dataclasses import FrozenInstanceError, dataclass, fields
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform, overload

C = TypeVar("C", bound=type)


@overload
def record(cls: C, /) -> C: ...
@overload
def record(*, many: bool = False) -> Callable[[C], C]: ...


@dataclass_transform(frozen_default=True)
def record(cls: C | None = None, /, *, many: bool = False) -> C | Callable[[C], C]:
    """`@dataclass(frozen=True)`, with the methods other than __init__ shared (see above).

    `@record(many=True)` is for a class whose instances a command makes by the hundred (query
    words, snippets, hits, stored quotations, provenance candidates): dataclass then writes
    its frozen __setattr__ and __delattr__ too, and __init__ sets the fields with
    object.__setattr__ instead of through _set_once, which costs a check or quotes command
    measurably (bench/README.md: "@record")."""
    def make(c: C) -> C:
        c = dataclass(frozen=many, eq=False, repr=False)(c)
        fs = fields(c)
        c.__record__ = (  # type: ignore[attr-defined]
            _values(f.name for f in fs if f.compare),
            tuple(f.name for f in fs if f.repr),
            _values(f.name for f in fs if (f.compare if f.hash is None else f.hash)),
            frozenset(f.name for f in fs),
        )
        for name, method in (("__eq__", _eq), ("__hash__", _hash), ("__repr__", _repr),
                             ("__setattr__", _set_once), ("__delattr__", _no_delete)):
            if name not in c.__dict__:  # a class may write its own (and many=True's two)
                setattr(c, name, method)
        return c

    return make if cls is None else make(cls)


def _values(names: Iterable[str]) -> Callable[[Any], tuple[Any, ...]]:
    """The tuple of these fields' values, read by attrgetter in C (a comparison or hash of a
    query word, made by the hundred per command, should cost what dataclass's does)."""
    names = tuple(names)
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        one = attrgetter(names[0])
        return lambda obj: (one(obj),)
    return lambda obj: ()


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is not self.__class__:
        return NotImplemented
    values = self.__record__[0]
    return values(self) == values(other)


def _hash(self: Any) -> int:
    return hash(self.__record__[2](self))


@reprlib.recursive_repr()
def _repr(self: Any) -> str:
    shown = ", ".join(f"{n}={getattr(self, n)!r}" for n in self.__record__[1])
    return f"{self.__class__.__qualname__}({shown})"


def _set_once(self: Any, name: str, value: Any) -> None:
    # __init__ sets each field once; any other assignment is refused, as a frozen dataclass does
    if name in self.__dict__ or name not in self.__record__[3]:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")
    object.__setattr__(self, name, value)


def _no_delete(self: Any, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")
