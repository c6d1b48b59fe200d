"""What SQLAlchemy's compliance suite may expect of Informix (sqla_suite/).

``exclusions.closed()`` marks what Informix (or this dialect) does not do, each
with the reason; what the test server lacks beside a real Informix is marked
so too, saying so.
"""

from __future__ import annotations

from sqlalchemy.testing import exclusions
from sqlalchemy.testing.requirements import SuiteRequirements

closed = exclusions.closed
open_ = exclusions.open


class Requirements(SuiteRequirements):
    # -- what Informix has -------------------------------------------------
    @property
    def sequences(self):
        return open_()

    @property
    def sequences_optional(self):
        return open_()  # an Integer primary key is a SERIAL unless a Sequence is given

    @property
    def views(self):
        return open_()

    @property
    def isolation_level(self):
        return open_()

    def get_isolation_levels(self, config):
        return {"default": "READ COMMITTED",
                "supported": ["AUTOCOMMIT", "READ UNCOMMITTED", "READ COMMITTED",
                              "CURSOR STABILITY", "REPEATABLE READ", "SERIALIZABLE"]}

    @property
    def autocommit(self):
        return open_()

    @property
    def check_constraint_reflection(self):
        return open_()

    @property
    def unique_constraint_reflection(self):
        return open_()

    @property
    def reflects_pk_names(self):
        return open_()  # sysconstraints keeps a PRIMARY KEY's CONSTRAINT name

    @property
    def foreign_key_constraint_option_reflection_ondelete(self):
        return open_()

    @property
    def offset(self):
        return open_()

    @property
    def bound_limit_offset(self):
        return open_()  # rendered as constants at execution (literal_execute)

    @property
    def table_ddl_if_exists(self):
        return open_()

    # -- what Informix lacks ------------------------------------------------
    @property
    def returning(self):
        return closed("Informix has no RETURNING")

    @property
    def insert_returning(self):
        return closed("Informix has no RETURNING")

    @property
    def sql_expression_limit_offset(self):
        return closed("SKIP/FIRST take integer constants, not expressions")

    @property
    def fetch_first(self):
        return open_()  # FETCH FIRST n becomes FIRST n

    @property
    def fetch_ties(self):
        return closed("no FIRST ... WITH TIES")

    @property
    def fetch_percent(self):
        return closed("no FIRST n PERCENT")

    @property
    def fetch_expression(self):
        return closed("FIRST takes an integer constant")

    @property
    def fetch_offset_with_options(self):
        return closed("no WITH TIES / PERCENT")

    @property
    def empty_inserts(self):
        return closed("no INSERT ... DEFAULT VALUES")

    @property
    def empty_inserts_executemany(self):
        return closed("no INSERT ... DEFAULT VALUES")

    @property
    def multivalues_inserts(self):
        return closed("no multi-row VALUES")

    @property
    def comment_reflection(self):
        return closed("Informix has no table or column comments")

    @property
    def computed_columns(self):
        return closed("no generated columns")

    @property
    def identity_columns(self):
        return closed("SERIAL instead of GENERATED ... AS IDENTITY")

    @property
    def json_type(self):
        return closed("JSON/BSON columns are not modelled by the dialect")

    @property
    def array_type(self):
        return closed("no ARRAY (Informix LIST/SET are not modelled)")

    @property
    def uuid_data_type(self):
        return closed("no native UUID type")

    @property
    def two_phase_transactions(self):
        return closed("XA is not exposed by informix_db")

    @property
    def savepoints(self):
        return closed("the test server has no SAVEPOINT (real Informix 11.50+ has)")

    @property
    def schemas(self):
        return closed("owners are not separate namespaces in a non-ANSI database")

    @property
    def cross_schema_fk_reflection(self):
        return closed("see schemas")

    @property
    def temp_table_reflection(self):
        return closed("TEMP tables are not in systables")

    @property
    def temporary_views(self):
        return closed("no temporary views")

    @property
    def ctes(self):
        return closed("WITH queries exist only from Informix 14.10")

    @property
    def ctes_on_dml(self):
        return closed("no WITH on DML")

    @property
    def datetime_microseconds(self):
        return closed("DATETIME ... FRACTION(5) keeps 10-microsecond steps")

    @property
    def timestamp_microseconds(self):
        return closed("DATETIME ... FRACTION(5) keeps 10-microsecond steps")

    @property
    def time_microseconds(self):
        return closed("DATETIME HOUR TO FRACTION(5) keeps 10-microsecond steps")

    @property
    def datetime_timezone(self):
        return closed("no time zones in DATETIME")

    @property
    def time_timezone(self):
        return closed("no time zones in DATETIME")

    @property
    def datetime_implicit_bound(self):
        return closed("a string bound for a DATETIME is not converted by the driver")

    @property
    def nullsordering(self):
        return closed("the test server does not take NULLS FIRST/LAST")

    @property
    def index_reflects_included_columns(self):
        return closed("no INCLUDE columns")

    @property
    def reflect_indexes_with_expressions(self):
        return closed("functional indexes are not reflected")

    @property
    def indexes_with_expressions(self):
        return closed("functional indexes need a UDR")

    @property
    def unicode_ddl(self):
        return closed("non-ASCII names are not tested (locale-dependent)")

    @property
    def symbol_names_w_double_quote(self):
        return open_()  # written doubled: CREATE TABLE "My ""Good"" Data" (Guide to SQL: Syntax)

    @property
    def implicit_decimal_binds(self):
        return open_()

    @property
    def precision_generic_float_type(self):
        return open_()

    @property
    def boolean_col_expressions(self):
        return closed("a BOOLEAN column is not a predicate by itself in Informix")

    @property
    def regexp_match(self):
        return closed("REGEX_MATCH needs Informix 14.10's regex DataBlade")

    @property
    def regexp_replace(self):
        return closed("REGEX_REPLACE needs Informix 14.10's regex DataBlade")

    @property
    def window_functions(self):
        return closed("the dialect does not test OLAP window functions yet")

    @property
    def materialized_views(self):
        return closed("no materialized views")

    @property
    def server_side_cursors(self):
        # informix_db cursors always stream; the suite's check (_is_server_side)
        # recognises only the drivers it names
        return closed("the suite cannot tell an informix_db streaming cursor")
