"""A connection used by two threads at once: the second gets an error, never
another request's reply (threadsafety is 1; interleaving would read wrong rows)."""

import threading

import pytest

from informix_db.exceptions import InterfaceError


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


def test_second_thread_gets_interface_error_while_a_request_is_in_flight(conn):
    entered, release = threading.Event(), threading.Event()
    result = {}
    _block_sends(conn, entered, release)

    def first():
        cur = conn.cursor()
        cur.execute("SELECT COUNT(*) FROM systables WHERE tabid < 3")
        result["rows"] = cur.fetchall()

    t = threading.Thread(target=first)
    t.start()
    assert entered.wait(10)
    try:
        with pytest.raises(InterfaceError, match="another thread"):
            conn.cursor().execute("SELECT 1 FROM systables WHERE tabid = 1")
    finally:
        release.set()
        t.join(10)
    assert len(result["rows"]) == 1


def test_connection_is_usable_after_the_refused_concurrent_call(conn):
    entered, release = threading.Event(), threading.Event()
    _block_sends(conn, entered, release)
    t = threading.Thread(target=lambda: conn.cursor().execute("SELECT 1 FROM systables WHERE tabid = 1"))
    t.start()
    assert entered.wait(10)
    with pytest.raises(InterfaceError):
        conn.cursor().execute("SELECT 2 FROM systables WHERE tabid = 1")
    release.set()
    t.join(10)
    cur = conn.cursor()
    cur.execute("SELECT 3 FROM systables WHERE tabid = 1")
    assert cur.fetchall() == [(3,)]


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
