"""The 指标库 file's schema as SQLAlchemy Core tables (its migrations, in library_migrations/, are its history)."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, Integer, MetaData, Table, Text, UniqueConstraint

#: PRAGMA application_id of a 指标库 file ("PFDL"): neither a document nor any other SQLite file is taken for one.
LIBRARY_APPLICATION_ID = 0x5046444C

metadata = MetaData()


def _text(name: str) -> Column:
    return Column(name, Text, nullable=False, server_default="")


entry = Table(
    "entry", metadata,
    Column("id", Integer, primary_key=True),
    _text("key"),  # the name as entries are told apart (domain.text.label_key): one entry per name and origin
    _text("origin"),  # mine (learned from the clerk's documents) | imported (a bureau's list)
    _text("project_class"), _text("level1"), _text("level2"), _text("name"), _text("explanation"),
    _text("initials"),  # the name's pinyin initials, every reading, "|"-separated (library/search.initial_strings)
    _text("keywords"), _text("scope"),  # 关键词, 适用层级 (a bureau's library gives them)
    _text("operator"), _text("value"), _text("unit"), _text("standard"),
    _text("source"),  # where it came from: the document or the file, as the clerk named it
    Column("uses", Integer, nullable=False, server_default="0"),  # in how many of the clerk's documents (rows of use)
    _text("last_value"),  # the 指标值 it had last
    _text("last_used"),  # when (ISO date)
    UniqueConstraint("origin", "key", name="uq_entry_origin_key"),
)
Index("ix_entry_uses", entry.c.uses)

#: Which documents used an entry (by file name): an entry's ``uses`` counts them, so reopening or editing the
#: same document does not make its names look more used.
use = Table(
    "use", metadata,
    Column("id", Integer, primary_key=True),
    Column("entry_id", Integer, ForeignKey("entry.id", ondelete="CASCADE"), nullable=False),
    _text("source"),
    UniqueConstraint("entry_id", "source", name="uq_use_entry_source"),
)
