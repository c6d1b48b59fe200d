"""SQL, DDL and type compilers of the Informix dialect.

Informix departs from the SQL SQLAlchemy emits by default in a few places:
LIMIT/OFFSET are ``SKIP n FIRST m`` right after SELECT; a SELECT needs a
FROM; ``%`` is ``MOD()``; sequences are ``seq.NEXTVAL``; a constraint's
name *follows* its definition (``PRIMARY KEY (a) CONSTRAINT pk``); ALTER
TABLE adds a constraint with ``ADD CONSTRAINT <definition>``; and an
autoincrementing integer column is a SERIAL/BIGSERIAL.
"""

from __future__ import annotations

from sqlalchemy import exc, types as sqltypes
from sqlalchemy.sql import compiler, operators
from sqlalchemy.sql.elements import BindParameter

#: Informix's VARCHAR/NVARCHAR hold at most 255 bytes; longer strings are LVARCHAR.
MAX_VARCHAR = 255
#: Python's microseconds fit FRACTION(5) to 10 us: the finest Informix keeps.
DEFAULT_DATETIME = "YEAR TO FRACTION(5)"
DEFAULT_TIME = "HOUR TO FRACTION(5)"
DEFAULT_INTERVAL = "DAY(9) TO FRACTION(5)"
#: The one-row table a FROM-less SELECT reads: a collection-derived table
#: needs no WHERE (systables WHERE tabid = 1 would clash with the query's own).
ONE_ROW_FROM = " FROM TABLE(SET{1})"


class InformixCompiler(compiler.SQLCompiler):
    """SELECT/INSERT/UPDATE/DELETE in Informix's SQL."""

    def default_from(self):
        return ONE_ROW_FROM

    def get_select_precolumns(self, select, **kw):
        # SKIP and FIRST go where DISTINCT goes (before it); SQLAlchemy's
        # ``literal_execute`` renders the values inline at execution (Informix
        # takes integer constants there), keeping the statement cacheable.
        text = ""
        if select._offset_clause is not None:
            text += "SKIP %s " % self._int_constant(select._offset_clause, **kw)
        limit = select._limit_clause
        if limit is None and select._fetch_clause is not None:
            if select._fetch_clause_options.get("percent") or \
                    select._fetch_clause_options.get("with_ties"):
                raise exc.CompileError("Informix has no FETCH ... PERCENT / WITH TIES")
            limit = select._fetch_clause
        if limit is not None:
            text += "FIRST %s " % self._int_constant(limit, **kw)
        # DISTINCT (and the base class's DISTINCT ON deprecation warning)
        return text + super().get_select_precolumns(select, **kw)

    def _int_constant(self, clause, **kw):
        if isinstance(clause, BindParameter) and clause.type._isnull:
            clause = clause._clone()  # an untyped bindparam("l") needs a literal renderer
            clause.type = sqltypes.Integer()
        return self.process(clause, literal_execute=True, **kw)

    def visit_bindparam(self, bindparam, within_columns_clause=False, literal_binds=False,
                        **kw):
        # Informix cannot type a bare ? in the select list (-201): a typed value is
        # CAST(? AS type), an untyped one is rendered inline at execution
        # (literal_execute keeps the statement cacheable)
        if within_columns_clause and not literal_binds and not kw.get("literal_execute"):
            if not bindparam.type._isnull:
                try:
                    target = self.dialect.type_compiler_instance.process(bindparam.type)
                except exc.CompileError:
                    target = None
                if target is not None:
                    text = super().visit_bindparam(bindparam, literal_binds=literal_binds, **kw)
                    return "CAST(%s AS %s)" % (text, target)
            kw["literal_execute"] = True
        return super().visit_bindparam(bindparam, within_columns_clause=within_columns_clause,
                                       literal_binds=literal_binds, **kw)

    def limit_clause(self, select, **kw):
        return ""  # rendered by get_select_precolumns

    def fetch_clause(self, select, **kw):
        return ""

    def for_update_clause(self, select, **kw):
        # Informix: FOR UPDATE [OF cols]; no NOWAIT/SKIP LOCKED (SET LOCK MODE instead)
        return " FOR UPDATE"

    def returning_clause(self, stmt, returning_cols, **kw):
        raise exc.CompileError("Informix has no RETURNING; the SERIAL value comes "
                               "from cursor.lastrowid (inserted_primary_key)")

    def visit_sequence(self, seq, **kw):
        return self.preparer.format_sequence(seq) + ".NEXTVAL"

    def visit_next_value_func(self, next_value, **kw):
        return self.visit_sequence(next_value.sequence)

    def visit_mod_binary(self, binary, operator, **kw):
        return "MOD(%s, %s)" % (self.process(binary.left, **kw),
                                self.process(binary.right, **kw))

    def visit_true(self, expr, **kw):
        return "'t'::BOOLEAN"

    def visit_false(self, expr, **kw):
        return "'f'::BOOLEAN"

    def visit_match_op_binary(self, binary, operator, **kw):
        # col.match(pattern) is Informix's MATCHES (*, ?, [..] wildcards)
        return "%s MATCHES %s" % (self.process(binary.left, **kw),
                                  self.process(binary.right, **kw))

    def visit_not_match_op_binary(self, binary, operator, **kw):
        return "%s NOT MATCHES %s" % (self.process(binary.left, **kw),
                                      self.process(binary.right, **kw))

    # CASE keeps the result two-valued when one side is NULL
    def visit_is_distinct_from_binary(self, binary, operator, **kw):
        left, right = self.process(binary.left, **kw), self.process(binary.right, **kw)
        return ("CASE WHEN %s = %s OR (%s IS NULL AND %s IS NULL) THEN 0 ELSE 1 END = 1"
                % (left, right, left, right))

    def visit_is_not_distinct_from_binary(self, binary, operator, **kw):
        left, right = self.process(binary.left, **kw), self.process(binary.right, **kw)
        return ("CASE WHEN %s = %s OR (%s IS NULL AND %s IS NULL) THEN 1 ELSE 0 END = 1"
                % (left, right, left, right))

    def visit_empty_set_expr(self, element_types, **kw):
        return "SELECT %s FROM systables WHERE 1 != 1" % ", ".join(
            "1" for _ in element_types or [None])

    def visit_now_func(self, fn, **kw):
        return "CURRENT YEAR TO FRACTION(5)"

    def visit_current_timestamp_func(self, fn, **kw):
        return "CURRENT YEAR TO FRACTION(5)"

    def visit_localtimestamp_func(self, fn, **kw):
        return "CURRENT YEAR TO FRACTION(5)"

    def visit_current_date_func(self, fn, **kw):
        return "TODAY"

    def visit_current_time_func(self, fn, **kw):
        return "CURRENT HOUR TO FRACTION(5)"

    def visit_current_user_func(self, fn, **kw):
        return "USER"

    def visit_char_length_func(self, fn, **kw):
        return "CHAR_LENGTH%s" % self.function_argspec(fn, **kw)


class InformixDDLCompiler(compiler.DDLCompiler):
    """CREATE/DROP/ALTER in Informix's syntax."""

    def get_column_specification(self, column, **kw):
        colspec = self.preparer.format_column(column) + " "
        if column is column.table._autoincrement_column and not _has_sequence(column):
            # the server numbers it; SERIAL's value returns in cursor.lastrowid
            colspec += "BIGSERIAL" if isinstance(column.type, sqltypes.BigInteger) else "SERIAL"
        else:
            colspec += self.dialect.type_compiler_instance.process(
                column.type, type_expression=column)
            default = self.get_column_default_string(column)
            if default is not None:
                colspec += " DEFAULT " + default
        if column.computed is not None:
            raise exc.CompileError("Informix has no computed (generated) columns")
        if not column.nullable:
            colspec += " NOT NULL"
        return colspec

    # a constraint's name follows its definition: PRIMARY KEY (a) CONSTRAINT pk
    def define_constraint_preamble(self, constraint, **kw):
        return ""

    def define_constraint_deferrability(self, constraint):
        # Informix defers constraints per transaction (SET CONSTRAINTS), not in DDL;
        # this hook ends every constraint definition, so the name goes here
        if constraint.name is not None:
            name = self.preparer.format_constraint(constraint)
            if name is not None:
                return " CONSTRAINT %s" % name
        return ""

    def define_foreign_key_body(self, constraint, **kw):
        text = super().define_foreign_key_body(constraint, **kw)
        return text.replace("FOREIGN KEY(", "FOREIGN KEY (", 1)

    def define_constraint_ondelete_cascade(self, constraint):
        # only CASCADE exists; anything else is Informix's default (restrict)
        return " ON DELETE CASCADE" if constraint.ondelete.upper() == "CASCADE" else ""

    def define_constraint_onupdate_cascade(self, constraint):
        return ""  # Informix has no ON UPDATE actions

    def define_constraint_match(self, constraint):
        return ""

    def visit_add_constraint(self, create, **kw):
        return "ALTER TABLE %s ADD CONSTRAINT %s" % (
            self.preparer.format_table(create.element.table), self.process(create.element))

    def visit_drop_constraint(self, drop, **kw):
        if drop.element.name is None:
            raise exc.CompileError("Can't drop an unnamed constraint")
        return "ALTER TABLE %s DROP CONSTRAINT %s" % (
            self.preparer.format_table(drop.element.table),
            self.preparer.format_constraint(drop.element))

    def get_identity_options(self, identity_options):
        # Informix spells the negatives as one word (NOMAXVALUE, NOCYCLE)
        text = []
        if identity_options.increment is not None:
            text.append("INCREMENT BY %d" % identity_options.increment)
        if identity_options.start is not None:
            text.append("START WITH %d" % identity_options.start)
        if identity_options.minvalue is not None:
            text.append("MINVALUE %d" % identity_options.minvalue)
        if identity_options.maxvalue is not None:
            text.append("MAXVALUE %d" % identity_options.maxvalue)
        if identity_options.nominvalue:
            text.append("NOMINVALUE")
        if identity_options.nomaxvalue:
            text.append("NOMAXVALUE")
        if identity_options.cache is not None:
            text.append("CACHE %d" % identity_options.cache if identity_options.cache
                        else "NOCACHE")
        if identity_options.cycle is not None:
            text.append("CYCLE" if identity_options.cycle else "NOCYCLE")
        return " ".join(text)

    def visit_create_index(self, create, **kw):
        # an index belongs to its table's owner: no owner prefix on its name
        return super().visit_create_index(create, include_schema=False, **kw)

    def visit_drop_index(self, drop, **kw):
        return "DROP INDEX %s" % self._prepared_index_name(drop.element, include_schema=False)

    def visit_set_table_comment(self, create, **kw):
        raise exc.CompileError("Informix has no table comments")

    def visit_set_column_comment(self, create, **kw):
        raise exc.CompileError("Informix has no column comments")


def _has_sequence(column) -> bool:
    """Whether a non-optional Sequence numbers the column (else it is a SERIAL)."""
    from sqlalchemy.schema import Sequence

    return isinstance(column.default, Sequence) and not column.default.optional


class InformixTypeCompiler(compiler.GenericTypeCompiler):
    """SQLAlchemy's types as Informix column types."""

    def _string(self, type_, fixed_name, var_name):
        length = type_.length
        if length is None or length > MAX_VARCHAR:
            return "LVARCHAR" if length is None else "LVARCHAR(%d)" % length
        return "%s(%d)" % (var_name, length)

    def visit_VARCHAR(self, type_, **kw):
        return self._string(type_, "CHAR", "VARCHAR")

    def visit_NVARCHAR(self, type_, **kw):
        return self._string(type_, "NCHAR", "NVARCHAR")

    def visit_string(self, type_, **kw):
        return self.visit_VARCHAR(type_, **kw)

    def visit_unicode(self, type_, **kw):
        return self.visit_VARCHAR(type_, **kw)

    def visit_CHAR(self, type_, **kw):
        return "CHAR(%d)" % (type_.length or 1)

    def visit_NCHAR(self, type_, **kw):
        return "NCHAR(%d)" % (type_.length or 1)

    def visit_LVARCHAR(self, type_, **kw):
        return "LVARCHAR" if type_.length is None else "LVARCHAR(%d)" % type_.length

    def visit_text(self, type_, **kw):
        # Text is unbounded, but TEXT (a simple LOB) cannot be compared or
        # indexed; LVARCHAR (2,048 bytes by default) behaves like a string
        return self.visit_LVARCHAR(type_, **kw)

    def visit_unicode_text(self, type_, **kw):
        return self.visit_LVARCHAR(type_, **kw)

    def visit_TEXT(self, type_, **kw):
        return "TEXT"

    def visit_CLOB(self, type_, **kw):
        return "CLOB"

    def visit_BLOB(self, type_, **kw):
        return "BLOB"

    def visit_BYTE(self, type_, **kw):
        return "BYTE"

    def visit_large_binary(self, type_, **kw):
        return "BYTE"

    def visit_VARBINARY(self, type_, **kw):
        return "BYTE"

    def visit_BINARY(self, type_, **kw):
        return "BYTE"

    def visit_BOOLEAN(self, type_, **kw):
        return "BOOLEAN"

    def visit_boolean(self, type_, **kw):
        return "BOOLEAN"

    def visit_DATETIME(self, type_, **kw):
        return "DATETIME " + getattr(type_, "qualifier", DEFAULT_DATETIME)

    def visit_datetime(self, type_, **kw):
        return "DATETIME " + DEFAULT_DATETIME

    def visit_TIMESTAMP(self, type_, **kw):
        return "DATETIME " + DEFAULT_DATETIME

    def visit_time(self, type_, **kw):
        return "DATETIME " + DEFAULT_TIME

    def visit_TIME(self, type_, **kw):
        return "DATETIME " + DEFAULT_TIME

    def visit_INTERVAL(self, type_, **kw):
        return "INTERVAL " + getattr(type_, "qualifier", DEFAULT_INTERVAL)

    def visit_interval(self, type_, **kw):
        return "INTERVAL " + DEFAULT_INTERVAL

    def visit_float(self, type_, **kw):
        if type_.precision is not None and type_.precision <= 24:
            return "SMALLFLOAT"
        return "FLOAT"

    def visit_FLOAT(self, type_, **kw):
        return self.visit_float(type_, **kw)

    def visit_REAL(self, type_, **kw):
        return "SMALLFLOAT"

    def visit_SMALLFLOAT(self, type_, **kw):
        return "SMALLFLOAT"

    def visit_DOUBLE(self, type_, **kw):
        return "FLOAT"

    def visit_DOUBLE_PRECISION(self, type_, **kw):
        return "FLOAT"

    def visit_double(self, type_, **kw):
        return "FLOAT"

    def visit_numeric(self, type_, **kw):
        return self.visit_DECIMAL(type_, **kw)

    def visit_NUMERIC(self, type_, **kw):
        return self.visit_DECIMAL(type_, **kw)

    def visit_DECIMAL(self, type_, **kw):
        if type_.precision is None:
            return "DECIMAL(32, 10)"  # bare DECIMAL would be a floating DECIMAL(16)
        if type_.scale is None:
            return "DECIMAL(%d)" % type_.precision
        return "DECIMAL(%d, %d)" % (type_.precision, type_.scale)

    def visit_MONEY(self, type_, **kw):
        return "MONEY(%d, %d)" % (type_.precision or 16, type_.scale or 2)

    def visit_INT8(self, type_, **kw):
        return "INT8"

    def visit_SERIAL(self, type_, **kw):
        return "SERIAL"

    def visit_SERIAL8(self, type_, **kw):
        return "SERIAL8"

    def visit_BIGSERIAL(self, type_, **kw):
        return "BIGSERIAL"

    def visit_uuid(self, type_, **kw):
        return "CHAR(32)"  # SQLAlchemy's non-native Uuid keeps 32 hex digits

    def visit_JSON(self, type_, **kw):
        raise exc.CompileError("the Informix dialect does not model JSON/BSON columns")


class InformixIdentifierPreparer(compiler.IdentifierPreparer):
    """Quotes with ``"`` (the dialect connects with DELIMIDENT=y); Informix folds
    unquoted names to lower case, as SQLAlchemy assumes by default."""

    # Informix accepts nearly all of its keywords as names; these are the ones a
    # statement cannot take unquoted (they start or divide its clauses).
    reserved_words = {
        "select", "from", "where", "group", "order", "having", "union", "into", "values",
        "table", "by", "and", "or", "not", "null", "as", "on", "join", "inner", "outer",
        "left", "right", "full", "cross", "distinct", "unique", "all", "any", "some",
        "case", "when", "then", "else", "end", "in", "is", "like", "matches", "between",
        "exists", "create", "drop", "alter", "insert", "update", "delete", "set", "with",
        "primary", "foreign", "references", "check", "constraint", "default", "first",
        "skip", "limit", "intersect", "except", "minus", "for",
    }


#: operators this dialect adds (``matches(col, "a*")``)
MATCHES = operators.custom_op("MATCHES", precedence=5, is_comparison=True)
