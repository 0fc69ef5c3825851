"""The base of the apps' model factories (accounts, children, establishments,
support: each app's `tests/factories.py`)."""

from typing import TYPE_CHECKING, Any, TypeVar

import factory

T = TypeVar("T")


class ModelFactory(factory.django.DjangoModelFactory[T]):
    """A factory_boy Django factory that tells mypy what it makes:
    `ChildFactory()` gives a `Child`. factory_boy's metaclass makes calling
    the factory create the model; mypy does not read a metaclass's
    `__call__`, so the type is given here instead."""

    class Meta:
        abstract = True

    if TYPE_CHECKING:

        def __new__(cls, **kwargs: Any) -> T: ...  # type: ignore[misc]  # a factory makes a T, not itself
