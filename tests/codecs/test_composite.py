"""ROW, SET, MULTISET and LIST values: their declarations (DESCRIBE's extended
name), their text representation in a tuple's opaque envelope, and their
text literals as parameters.  Row decoding runs on each implementation
(``impl.rows``); both hold to the pure codec."""

from __future__ import annotations

import datetime as dt
import string
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from informix_db import Multiset
from informix_db import types as T
from informix_db.codecs import composite as C
from informix_db.codecs import compositeformat as F
from informix_db.codecs.bind import encode_bind
from informix_db.codecs.describe import column_type_from_describe, describe_fields
from informix_db.codecs.registry import codec_for
from informix_db.exceptions import DataError, FramingError

PERSON = "ROW(name varchar(50), age integer)"


def _col(code: int, decl: str) -> T.ColumnType:
    return T.ColumnType(code, 32767, True, decl)


def _env(text: str) -> bytes:
    body = text.encode()
    return b"\x00" + len(body).to_bytes(4, "big") + body


def test_ibm_documented_set_text_decodes_to_a_frozenset():
    # IBM DataBlade API guide, "A collection in text representation"
    ct = _col(T.SQLSET, "SET(integer not null)")
    text = "SET{3          ,5          ,7          }"
    value, end = codec_for(ct).decode(_env(text), 0)
    assert value == frozenset({3, 5, 7})
    assert end == 5 + len(text)


def test_row_text_decodes_to_a_named_tuple_with_the_declared_field_names():
    ct = _col(T.SQLROW, PERSON)
    value, _ = codec_for(ct).decode(_env("ROW('Alice',30         )"), 0)
    assert value == ("Alice", 30)
    assert (value.name, value.age) == ("Alice", 30)
    assert value._asdict() == {"name": "Alice", "age": 30}


def test_multiset_decodes_to_a_multiset_list_keeping_duplicates_and_order():
    ct = _col(T.SQLMULTISET, "MULTISET(integer not null)")
    value, _ = codec_for(ct).decode(_env("MULTISET{2,1,2}"), 0)
    assert isinstance(value, Multiset) and value == [2, 1, 2]


def test_list_decodes_to_a_list_in_order():
    ct = _col(T.SQLLIST, "LIST(varchar(10) not null)")
    assert codec_for(ct).decode(_env("LIST{'b','a'}"), 0)[0] == ["b", "a"]


def test_set_of_unhashable_elements_decodes_to_a_list():
    ct = _col(T.SQLSET, "SET(LIST(integer not null) not null)")
    assert codec_for(ct).decode(_env("SET{LIST{1},LIST{2}}"), 0)[0] == [[1], [2]]


def test_quoted_values_keep_doubled_quotes_commas_and_braces():
    ct = _col(T.SQLLIST, "LIST(varchar(20) not null)")
    text = "LIST{'O''Neil','a,b','x}y',\"dq\"}"
    assert codec_for(ct).decode(_env(text), 0)[0] == ["O'Neil", "a,b", "x}y", "dq"]


def test_null_fields_and_empty_collections():
    ct = _col(T.SQLROW, "ROW(a integer, s SET(integer not null), l LIST(integer not null))")
    assert codec_for(ct).decode(_env("ROW(NULL,SET{},LIST{ })"), 0)[0] == (None, frozenset(), [])


def test_nested_list_of_rows_holding_sets():
    decl = "LIST(ROW(id integer, tags SET(varchar(10) not null)) not null)"
    ct = _col(T.SQLLIST, decl)
    text = "LIST{ROW(1          ,SET{'a','b'}),ROW(2          ,NULL)}"
    assert codec_for(ct).decode(_env(text), 0)[0] == [(1, frozenset("ab")), (2, None)]


def test_null_envelope_consumes_its_length_word(impl):
    # the informix-driver package's Informix 15 capture: INT, NULL SET, VARCHAR
    cols = [T.ColumnType(T.SQLINT, 4), _col(T.SQLSET, "SET(integer not null)"),
            T.parse_type("VARCHAR(10)")]
    buf = bytes.fromhex("00000008" "01" "00000000" "03") + b"xyz"
    assert impl.rows.row_decoder(cols)(buf) == ((8, None, "xyz"), len(buf))


def test_composite_between_columns_decodes_on_each_implementation(impl):
    cols = [T.ColumnType(T.SQLINT, 4), _col(T.SQLROW, PERSON), T.ColumnType(T.SQLINT, 4)]
    buf = (7).to_bytes(4, "big") + _env("ROW('Bob',25         )") + (9).to_bytes(4, "big")
    values, end = impl.rows.row_decoder(cols)(buf)
    assert values == (7, ("Bob", 25), 9) and end == len(buf)
    assert values[1].name == "Bob"


SCALARS = [
    ("smallint", 7, "7     "),
    ("integer", -30, "-30        "),
    ("bigint", 2**40, str(2**40).ljust(20)),
    ("int8", -5, "-5".ljust(20)),
    ("float", 1.5, "1.5"),
    ("smallfloat", 0.25, "0.25"),
    ("decimal(8,2)", Decimal("12.50"), "12.50"),
    ("money(8,2)", Decimal("-3.10"), "-3.10"),
    ("boolean", True, "t"),
    ("char(4)", "ab  ", "'ab  '"),
    ("varchar(10)", "it's", "'it''s'"),
    ("lvarchar(100)", "x", "'x'"),
    ("nchar(3)", "abc", "'abc'"),
    ("date", dt.date(2024, 2, 29), "'2024-02-29'"),
    ("datetime year to fraction(3)", dt.datetime(2024, 1, 2, 3, 4, 5, 678000),
     "'2024-01-02 03:04:05.678'"),
    ("datetime year to day", dt.date(2024, 1, 2), "'2024-01-02'"),
    ("datetime hour to second", dt.time(13, 14, 15), "'13:14:15'"),
    ("interval day(3) to second", dt.timedelta(days=-2, seconds=5), "'-1 23:59:55'"),
    ("interval year(4) to month", T.IntervalYM(3, 2), "'3-02'"),
]


def test_a_named_row_type_known_by_name_only_reads_as_a_plain_tuple(impl):
    # a named ROW type's column is described by the type's name alone
    cols = [_col(T.SQLROW, "person_t"), T.ColumnType(T.SQLINT, 4)]
    text = "person_t('Ann',41         ,12.50,NULL,SET{'x'},ROW(1,'y'))"
    values, _ = impl.rows.row_decoder(cols)(_env(text) + (5).to_bytes(4, "big"))
    assert values == (("Ann", 41, Decimal("12.50"), None, frozenset("x"), (1, "y")), 5)


def test_a_collection_of_a_named_row_type_reads_its_elements_untyped():
    ct = _col(T.SQLLIST, "LIST(person_t not null)")
    assert codec_for(ct).decode(_env("LIST{person_t('a',1),person_t('b',2)}"), 0)[0] == [
        ("a", 1), ("b", 2)]


@pytest.mark.parametrize("decl, value, text", SCALARS, ids=[s[0] for s in SCALARS])
def test_every_scalar_element_type_formats_and_parses_back(decl, value, text):
    t = C.parse_composite(f"LIST({decl} not null)")
    assert F.format_text([value], t) == "LIST{" + text + "}"
    assert C.parse_text("LIST{" + text + "}", t) == [value]


def test_datetime_element_given_as_a_datetime_literal_parses():
    t = C.parse_composite("LIST(datetime year to second not null)")
    assert C.parse_text("LIST{DATETIME(2024-01-02 03:04:05) YEAR TO SECOND}", t) == [
        dt.datetime(2024, 1, 2, 3, 4, 5)]


def test_a_typed_literal_is_fitted_to_the_element_qualifier():
    t = C.parse_composite("LIST(datetime year to second not null)")
    assert C.parse_text("LIST{DATETIME(2024-01-02 03:04:05.12345) YEAR TO FRACTION(5)}", t) == [
        dt.datetime(2024, 1, 2, 3, 4, 5)]
    t = C.parse_composite("LIST(interval day(3) to second not null)")
    assert C.parse_text("LIST{INTERVAL(2 00:00:07.00000) DAY(9) TO FRACTION(5)}", t) == [
        dt.timedelta(days=2, seconds=7)]


def test_a_literal_of_another_type_family_is_a_data_error():
    t = C.parse_composite("LIST(datetime year to second not null)")
    with pytest.raises(DataError):
        C.parse_text("LIST{INTERVAL(2 00:00:07) DAY TO SECOND}", t)


def test_date_element_in_dbdate_default_form_parses():
    t = C.parse_composite("SET(date not null)")
    assert C.parse_text("SET{'12/31/2024'}", t) == frozenset({dt.date(2024, 12, 31)})


def test_declaration_round_trips_through_its_text():
    decl = "LIST(ROW(a integer, b decimal(8,2), c SET(varchar(10) not null)) not null)"
    assert C.declaration(C.parse_composite(decl)) == decl


def test_describe_keeps_the_declaration_as_extended_name():
    ct = _col(T.SQLROW, PERSON)
    code, xid, xname, length = describe_fields(ct)
    assert (code, xname) == (T.SQLROW, PERSON)
    assert column_type_from_describe(code, length, xid, xname) == ct


def test_type_text_of_a_composite_is_its_declaration():
    assert T.type_text(_col(T.SQLSET, "SET(integer not null)")) == "SET(integer not null)"


@pytest.mark.parametrize("text", [
    "ROW('a')",                      # too few fields
    "ROW('a',1,2)",                  # too many
    "ROW('a',x)",                    # no integer
    "ROW('a,1)",                     # unterminated quote
    "ROW('a',1) junk",               # trailing text
    "ROW 'a',1",                     # no parenthesis
])
def test_malformed_text_is_a_data_error(text):
    with pytest.raises(DataError):
        C.parse_text(text, C.parse_composite(PERSON))


def test_hostile_nesting_is_a_data_error_not_a_recursion_error():
    decl = "LIST(" * 200 + "integer" + ")" * 200
    with pytest.raises(DataError):
        C.parse_composite(decl)
    t = C.parse_composite("LIST(" * 10 + "integer" + ")" * 10)
    with pytest.raises(DataError):
        C.parse_text("LIST{" * 5000, t)


def test_negative_envelope_length_is_a_framing_error():
    ct = _col(T.SQLLIST, "LIST(integer not null)")
    with pytest.raises(FramingError, match="negative"):
        codec_for(ct).decode(b"\x00\xff\xff\xff\xfe", 0)


def test_truncated_envelope_is_a_framing_error():
    ct = _col(T.SQLLIST, "LIST(integer not null)")
    with pytest.raises(FramingError):
        codec_for(ct).decode(_env("LIST{1}")[:-2], 0)


def test_composite_column_without_its_declaration_is_refused_naming_its_type():
    with pytest.raises(DataError, match="type 22"):
        codec_for(T.ColumnType(T.SQLROW, 100))


# -- parameters ------------------------------------------------------------------------

def test_python_values_become_text_literals_by_their_types():
    value = (1, "O'Neil", None, [1.5], {3, 1}, Multiset([2, 2]), True, Decimal("1.10"))
    assert F.python_text(value) == (
        "ROW(1,'O''Neil',NULL,LIST{1.5},SET{1,3},MULTISET{2,2},'t',1.10)")


def test_temporal_parameters_become_typed_literals():
    text = F.python_text([dt.datetime(2024, 1, 2, 3, 4, 5, 6), dt.date(2024, 1, 2),
                          dt.time(1, 2, 3), dt.timedelta(days=1, seconds=2),
                          T.IntervalYM(1, 2)])
    assert text == ("LIST{DATETIME(2024-01-02 03:04:05.00000) YEAR TO FRACTION(5),"
                    "'2024-01-02',DATETIME(01:02:03.00000) HOUR TO FRACTION(5),"
                    "INTERVAL(1 00:00:02.00000) DAY(9) TO FRACTION(5),"
                    "INTERVAL(1-02) YEAR(9) TO MONTH}")


def test_a_composite_parameter_is_sent_as_character_text():
    p = encode_bind(("a", 1))
    assert p.sqltype == T.SQLCHAR
    assert p.data == len(b"ROW('a',1)").to_bytes(2, "big") + b"ROW('a',1)"


def test_a_parameter_for_a_described_composite_uses_the_declared_types():
    p = encode_bind(["x"], _col(T.SQLLIST, "LIST(char(3) not null)"))
    assert p.data.endswith(b"LIST{'x  '}")


def test_a_composite_wrapper_binds_with_its_declared_types():
    from informix_db import Composite

    p = encode_bind(Composite({"age": 41, "name": "Ann"}, "ROW(name char(5), age integer)"))
    assert p.sqltype == T.SQLCHAR
    assert p.data.endswith(b"ROW('Ann  ',41         )")


def test_unsupported_element_types_are_refused_clearly():
    with pytest.raises(DataError, match="bytes"):
        F.python_text([b"raw"])


# -- properties ------------------------------------------------------------------------

_TEXT = st.text(alphabet=string.ascii_letters + " ',{}()\"", max_size=8)
_INT = st.integers(-2**31 + 1, 2**31 - 1)


def _values(t):
    if isinstance(t, C.CompositeType):
        if t.kind == "ROW":
            return st.tuples(*[_values(ft) for _, ft in t.fields]).map(
                lambda v, cls=C.row_class(t): cls(*v))
        elems = st.lists(_values(t.element), max_size=4)
        if t.kind == "SET":
            return elems.map(frozenset)
        return elems.map(Multiset) if t.kind == "MULTISET" else elems
    base = _INT if t.sqltype == T.SQLINT else _TEXT
    return st.one_of(st.none(), base) if t.nullable else base


NESTED = C.parse_composite(
    "ROW(a integer, b varchar(10), c LIST(ROW(x integer, y SET(varchar(8) not null)) not null),"
    " d MULTISET(integer not null))")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_values(NESTED))
def test_random_nested_values_round_trip_through_their_text(value):
    assert C.parse_text(F.format_text(value, NESTED), NESTED) == value


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_values(NESTED), st.data())
def test_mutated_bytes_give_a_value_or_a_driver_error_alike_on_each_implementation(
        impl, value, data):
    from informix_db.codecs import rows as spec
    cols = [T.ColumnType(T.SQLROW, 32767, True, C.declaration(NESTED)), T.ColumnType(T.SQLINT, 4)]
    buf = bytearray(spec.encode_row(cols, [value, 5]))
    for _ in range(data.draw(st.integers(1, 3))):
        i = data.draw(st.integers(0, len(buf) - 1))
        buf[i] = data.draw(st.integers(0, 255))
    outcomes = []
    for decoder in (spec.row_decoder(cols), impl.rows.row_decoder(cols)):
        try:
            outcomes.append(("ok", repr(decoder(bytes(buf)))))
        except (DataError, FramingError) as exc:
            outcomes.append((type(exc).__name__, str(exc)))
    assert outcomes[0] == outcomes[1]
