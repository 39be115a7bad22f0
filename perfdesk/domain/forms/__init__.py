"""The forms perfdesk knows, each a description (``FormLayout``); a document records which one it uses."""

from __future__ import annotations

from ..layout import FormLayout
from ..named import by_name, lookup
from .hebei import HEBEI
from .hebei_info import HEBEI_INFO
from .national import NATIONAL
from .national_standard import NATIONAL_STANDARD
from .national_year import NATIONAL_YEAR

FORMS: dict[str, FormLayout] = {f.key: f for f in (HEBEI, NATIONAL, NATIONAL_YEAR, NATIONAL_STANDARD, HEBEI_INFO)}


class UnknownFormError(ValueError):
    pass


def form(key: str) -> FormLayout:
    """The form of a document, by its key. Raises UnknownFormError (Chinese) for a key this perfdesk lacks."""
    return lookup(FORMS, key, "表式", UnknownFormError)


def form_by_name(text: str) -> FormLayout:
    """A form chosen by its key or its Chinese name (the CLI's --form)."""
    return by_name(FORMS, text, "表式", UnknownFormError)

