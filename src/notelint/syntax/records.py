"""Records: small classes with a dataclass's behaviour, made at no cost on import.

``@dataclass`` writes the source of each method it adds and compiles it while the module
is imported; for the records a check defines, that was a tenth of checking a small file.
A record here writes its own ``__init__``, whose parameters are its fields; these
bases add what a dataclass would: the ``repr``, equality and hashing over the fields (a
tuple of them, equal only to a record of the same class), and, for ``Frozen``, the
refusal to be changed. ``replace`` stands in for ``dataclasses.replace``.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any, ClassVar, TypeVar

R = TypeVar("R", bound="Record")


class Record:
    """A record: ``repr`` shows its fields as a dataclass's does.

    The fields are the parameters of the class's ``__init__``, unless it names them in
    ``_fields`` itself.
    """

    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        code = getattr(cls.__init__, "__code__", None)
        if code is not None and "_fields" not in cls.__dict__:
            cls._fields = code.co_varnames[1 : code.co_argcount]

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{self.__class__.__qualname__}({shown})"


def _key_of(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """The tuple of the fields ``names`` of an object, as a dataclass compares them."""
    if len(names) < 2:
        return lambda obj: tuple(getattr(obj, name) for name in names)
    getter: Callable[[Any], tuple[Any, ...]] = attrgetter(*names)
    return getter


class Equal(Record):
    """A record equal to another of its class with equal fields; as it may change, it
    has no hash. ``_compared`` names the fields that count, when not all of ``_fields`` do.
    """

    __slots__ = ()
    _compared: ClassVar[tuple[str, ...] | None] = None
    _key: ClassVar[Callable[[Any], tuple[Any, ...]]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._key = _key_of(cls._compared if cls._compared is not None else cls._fields)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            key = self.__class__._key
            return key(self) == key(other)
        return NotImplemented


class Value(Equal):
    """An equal record that does not change, hashed by the fields it is compared by."""

    __slots__ = ()

    def __hash__(self) -> int:
        return hash(self.__class__._key(self))


class Frozen(Value):
    """A value that cannot change once made: its ``__init__`` sets fields with ``set_field``.

    Only for records with a ``__dict__``, which pickling fills without ``__setattr__``.
    """

    __slots__ = ()

    def __setattr__(self, name: str, value: object) -> None:
        raise _frozen()(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise _frozen()(f"cannot delete field {name!r}")


def _frozen() -> type[AttributeError]:
    """``dataclasses.FrozenInstanceError``, imported only when raised: a run that reads
    its findings from the cache imports neither ``dataclasses`` nor ``inspect``."""
    from dataclasses import FrozenInstanceError

    return FrozenInstanceError


# How a frozen record's ``__init__`` sets a field.
set_field = object.__setattr__


def replace(record: R, **changes: Any) -> R:
    """A copy of ``record`` made through its ``__init__``, with ``changes`` to its fields."""
    fields = {name: getattr(record, name) for name in record._fields}
    fields.update(changes)
    return record.__class__(**fields)
