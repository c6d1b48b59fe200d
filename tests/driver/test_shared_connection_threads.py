"""A connection used by several threads at once: their requests take turns
(threadsafety 2), so none reads another's reply; a cursor, though, refuses
a second thread (two threads on one cursor would take each other's rows)."""

import threading

import pytest

from informix_db.exceptions import InterfaceError

from .dbapi_helpers import table_name


class _HeldSends:
    """The connection's stream, with its next send held until *release*."""

    def __init__(self, conn, entered, release):
        self._conn, self._real = conn, conn._stream
        self._entered, self._release = entered, release

    def __getattr__(self, name):
        return getattr(self._real, name)

    def send(self, data):
        self._entered.set()
        assert self._release.wait(10)
        self._conn._stream = self._real
        return self._real.send(data)


def _block_sends(conn, entered, release):
    """Make the next request wait, mid-exchange, until *release* is set."""
    conn._stream = _HeldSends(conn, entered, release)


def test_a_second_thread_waits_for_the_request_in_flight(conn):
    entered, release = threading.Event(), threading.Event()
    result = {}
    _block_sends(conn, entered, release)

    def first():
        cur = conn.cursor()
        cur.execute("SELECT tabid FROM systables WHERE tabid < 3 ORDER BY tabid")
        result["first"] = cur.fetchall()

    def second():
        cur = conn.cursor()
        cur.execute("SELECT tabid FROM systables WHERE tabid = 5")
        result["second"] = cur.fetchall()

    t1 = threading.Thread(target=first)
    t1.start()
    assert entered.wait(10)
    t2 = threading.Thread(target=second)
    t2.start()
    t2.join(0.3)
    assert t2.is_alive() and "second" not in result  # waiting its turn, not interleaving
    release.set()
    t1.join(10)
    t2.join(10)
    assert result == {"first": [(1,), (2,)], "second": [(5,)]}


def test_threads_sharing_a_connection_each_read_what_they_wrote(conn):
    table = table_name("shared")
    conn.cursor().execute(f"CREATE TABLE {table} (who INTEGER, n INTEGER)")
    errors, got = [], {}

    def work(who):
        try:
            cur = conn.cursor()
            for n in range(60):
                cur.execute(f"INSERT INTO {table} VALUES (?, ?)", (who, n))
                cur.execute(f"SELECT n FROM {table} WHERE who = ? ORDER BY n", (who,))
                rows = cur.fetchall()
                assert rows == [(i,) for i in range(n + 1)], (who, n, rows[-3:])
            got[who] = len(rows)
        except Exception as exc:  # reported below, with the thread's name
            errors.append(f"{who}: {exc!r}")

    threads = [threading.Thread(target=work, args=(who,)) for who in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == [] and got == {who: 60 for who in range(6)}


def test_close_lets_the_exchange_in_flight_finish_and_refuses_the_next(conn):
    entered, release = threading.Event(), threading.Event()
    result = {}
    _block_sends(conn, entered, release)

    def first():
        try:
            conn.cursor().execute("SELECT tabid FROM systables WHERE tabid = 1")
        except Exception as exc:
            result["error"] = exc

    t = threading.Thread(target=first)
    t.start()
    assert entered.wait(10)  # its PREPARE is being sent
    threading.Timer(0.2, release.set).start()
    conn.close()  # waits for that exchange; the thread's next one finds it closed
    t.join(10)
    assert isinstance(result["error"], InterfaceError) and "closed" in str(result["error"])
    assert conn.closed and not conn.broken


def test_one_thread_after_another_shares_a_connection_without_error(conn):
    out = []

    def work(n):
        cur = conn.cursor()
        cur.execute("SELECT tabid FROM systables WHERE tabid = ?", (n,))
        out.append(cur.fetchall())

    for n in (1, 2):
        t = threading.Thread(target=work, args=(n,))
        t.start()
        t.join(10)
    assert out == [[(1,)], [(2,)]]


@pytest.mark.parametrize("second_call", ["fetchall", "fetchmany", "execute", "fetchone_after_drain"])
def test_a_cursor_in_use_by_one_thread_refuses_another(conn, second_call):
    """Two threads on one cursor would take each other's rows (or a fetch would
    read the next execute's result): the second is refused, naming the cursor,
    and the first gets every row."""
    cur = conn.cursor()
    cur.execute("SELECT tabid FROM systables WHERE tabid < 20 ORDER BY tabid")
    expected = 19
    entered, release = threading.Event(), threading.Event()
    result = {}
    _block_sends(conn, entered, release)  # the first fetch round waits mid-exchange

    t = threading.Thread(target=lambda: result.setdefault("rows", cur.fetchall()))
    t.start()
    assert entered.wait(10)
    try:
        with pytest.raises(InterfaceError, match="cursor is in use by another thread"):
            if second_call == "execute":
                cur.execute("SELECT 1 FROM systables WHERE tabid = 1")
            elif second_call == "fetchmany":
                cur.fetchmany(5)
            elif second_call == "fetchone_after_drain":
                cur.fetchone()  # nothing received yet: it would need a fetch round
            else:
                cur.fetchall()
    finally:
        release.set()
        t.join(10)
    assert len(result["rows"]) == expected
