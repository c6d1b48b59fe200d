"""Alembic support: ``InformixImpl`` and Informix's spelling of ALTER TABLE.

Informix's ALTER TABLE differs from the ANSI forms Alembic emits by default:
``ADD col type`` and ``DROP col`` take no COLUMN keyword; a column's type,
nullability and default all change through ``MODIFY (col type [DEFAULT x]
[NOT NULL])``, which replaces the whole definition, so each change is
rendered with the column's other existing attributes; columns and tables
are renamed with ``RENAME COLUMN t.c TO n`` / ``RENAME TABLE a TO b``.
Imported by ``informix_db.sqlalchemy`` when Alembic is installed.
"""

from __future__ import annotations

from alembic.ddl import base
from alembic.ddl.impl import DefaultImpl
from sqlalchemy.ext.compiler import compiles


class InformixImpl(DefaultImpl):
    """Alembic's operations on Informix (a logged database runs DDL in transactions)."""

    __dialect__ = "informix"
    transactional_ddl = True
    # what Informix cannot do in one ALTER, autogenerate must not expect either
    type_synonyms = DefaultImpl.type_synonyms + ({"SERIAL", "INTEGER"},
                                                 {"BIGSERIAL", "SERIAL8", "BIGINT", "INT8"},
                                                 {"LVARCHAR", "TEXT", "VARCHAR"})

    def compare_server_default(self, inspector_column, metadata_column,
                               rendered_metadata_default, rendered_inspector_default):
        # reflected defaults are re-quoted text; compare them without quotes and blanks
        def norm(text):
            return None if text is None else text.strip().strip("'\"").strip()
        return norm(rendered_metadata_default) != norm(rendered_inspector_default)


def _table(compiler, element):
    return base.format_table_name(compiler, element.table_name, element.schema)


def _col(compiler, name):
    return base.format_column_name(compiler, name)


@compiles(base.AddColumn, "informix")
def _add_column(element, compiler, **kw):
    spec = compiler.get_column_specification(element.column)
    return "ALTER TABLE %s ADD %s" % (_table(compiler, element), spec)


@compiles(base.DropColumn, "informix")
def _drop_column(element, compiler, **kw):
    return "ALTER TABLE %s DROP %s" % (_table(compiler, element),
                                       _col(compiler, element.column.name))


def _modify(compiler, element, type_=None, nullable=None, default=False):
    """``MODIFY (col type [DEFAULT x] [NOT NULL])`` from the change plus what exists."""
    type_ = type_ if type_ is not None else element.existing_type
    if type_ is None:
        raise NotImplementedError(
            "Informix's MODIFY restates the column: give existing_type to alter_column")
    nullable = element.existing_nullable if nullable is None else nullable
    default = element.existing_server_default if default is False else default
    text = "%s %s" % (_col(compiler, element.column_name), base.format_type(compiler, type_))
    if default is not None and default is not False:
        text += " DEFAULT %s" % base.format_server_default(compiler, default)
    if nullable is False:
        text += " NOT NULL"
    return "ALTER TABLE %s MODIFY (%s)" % (_table(compiler, element), text)


@compiles(base.ColumnType, "informix")
def _column_type(element, compiler, **kw):
    return _modify(compiler, element, type_=element.type_)


@compiles(base.ColumnNullable, "informix")
def _column_nullable(element, compiler, **kw):
    return _modify(compiler, element, nullable=element.nullable)


@compiles(base.ColumnDefault, "informix")
def _column_default(element, compiler, **kw):
    return _modify(compiler, element, default=element.default)


@compiles(base.ColumnName, "informix")
def _column_name(element, compiler, **kw):
    return "RENAME COLUMN %s.%s TO %s" % (_table(compiler, element),
                                          _col(compiler, element.column_name),
                                          _col(compiler, element.newname))


@compiles(base.RenameTable, "informix")
def _rename_table(element, compiler, **kw):
    return "RENAME TABLE %s TO %s" % (_table(compiler, element),
                                      base.format_table_name(compiler, element.new_table_name,
                                                             None))
