"""Looking up the things a document names by key (its form, its rule set) with a Chinese error listing the choices."""

from __future__ import annotations

from typing import Protocol, TypeVar


class Named(Protocol):
    key: str
    name: str


T = TypeVar("T", bound=Named)


def lookup(table: dict[str, T], key: str, what: str, error: type[ValueError]) -> T:
    """``table[key]``, or ``error`` saying which ``what`` (表式, 审核规则) are known."""
    try:
        return table[key]
    except KeyError:
        names = "、".join(f"{item.key}（{item.name}）" for item in table.values())
        raise error(f"未知的{what}「{key}」。可选：{names}。") from None


def by_name(table: dict[str, T], text: str, what: str, error: type[ValueError]) -> T:
    """An entry chosen by its key or its Chinese name (the command line's --form, --rules)."""
    for item in table.values():
        if text.strip() in (item.key, item.name):
            return item
    return lookup(table, text.strip(), what, error)
