"""Connected components by union-find, each named by its smallest member."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

T = TypeVar("T")


class Components(Generic[T]):
    """Union-find over the items joined so far; a component's root is its smallest item."""

    def __init__(self) -> None:
        self.parent: dict[T, T] = {}

    def root(self, item: T) -> T:
        self.parent.setdefault(item, item)
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def join(self, first: T, second: T) -> None:
        a, b = self.root(first), self.root(second)
        if a != b:
            self.parent[max(a, b)] = min(a, b)

    def members(self) -> list[Any]:
        """Every item joined, in the order first seen."""
        return list(self.parent)
