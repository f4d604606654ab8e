"""@record behaves as @dataclass(frozen=True) does, with five of its six methods shared."""

from __future__ import annotations

import dataclasses
import pickle
from dataclasses import FrozenInstanceError, dataclass, field

import pytest

from kcsearch.index.records import record


@record
class Point:
    """A record with every kind of field."""

    x: int
    y: tuple[int, ...] = ()
    label: str = field(default="", compare=False)
    secret: str = field(default="", repr=False)
    tags: list[str] = field(default_factory=list, hash=False)


@dataclass(frozen=True)
class PointDC:
    """The same fields as a frozen dataclass."""

    x: int
    y: tuple[int, ...] = ()
    label: str = field(default="", compare=False)
    secret: str = field(default="", repr=False)
    tags: list[str] = field(default_factory=list, hash=False)


@record
class Empty:
    """No fields at all."""


@record
class Other:
    """A different class with one field, like Point's first."""

    x: int


@record
class Shown:
    """A record with its own repr."""

    x: int

    def __repr__(self) -> str:
        return f"<{self.x}>"


def test_equality_hashing_and_repr_are_a_frozen_dataclass_s() -> None:
    args = [(1,), (1, (2, 3)), (1, (2,), "a"), (1, (), "b", "s"), (2, (), "", "", ["t"])]
    for a in args:
        p, d = Point(*a), PointDC(*a)
        assert repr(p) == repr(d).replace("PointDC", "Point")
        if not a[4:]:  # a list field is compared but not hashed
            assert hash(p) == hash(d)
        for b in args:
            assert (Point(*a) == Point(*b)) == (PointDC(*a) == PointDC(*b))
    assert Point(1, label="a") == Point(1, label="b")  # label is not compared
    assert Point(1) != Other(1) and Point(1) != (1,)
    assert Empty() == Empty() and hash(Empty()) == hash(()) and repr(Empty()) == "Empty()"
    assert repr(Shown(3)) == "<3>"  # a class's own method is kept


def test_fields_are_set_once_and_never_again() -> None:
    p = Point(1, (2,))
    for name in ("x", "y", "label", "anything"):
        with pytest.raises(FrozenInstanceError):
            setattr(p, name, 9)
    with pytest.raises(FrozenInstanceError):
        del p.x
    assert p == Point(1, (2,))


def test_the_dataclass_tools_and_pickle_work() -> None:
    p = Point(1, (2,), "l", "s", ["t"])
    assert [f.name for f in dataclasses.fields(p)] == ["x", "y", "label", "secret", "tags"]
    assert dataclasses.replace(p, x=5) == Point(5, (2,), "l", "s", ["t"])
    assert dataclasses.asdict(p)["tags"] == ["t"]
    assert pickle.loads(pickle.dumps(p)) == p
    with pytest.raises(TypeError):
        Point()  # type: ignore[call-arg]
    assert Point.__match_args__ == ("x", "y", "label", "secret", "tags")


@record(many=True)
class Many:
    """A record made by the hundred: dataclass's frozen __init__, the rest shared."""

    x: int
    y: tuple[int, ...] = ()


def test_a_record_made_by_the_hundred_behaves_the_same() -> None:
    m = Many(1, (2,))
    assert m == Many(1, (2,)) and m != Many(1) and hash(m) == hash((1, (2,)))
    assert repr(m) == "Many(x=1, y=(2,))"
    with pytest.raises(FrozenInstanceError):
        m.x = 2  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(m)) == m and dataclasses.replace(m, x=3) == Many(3, (2,))
