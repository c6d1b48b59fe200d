"""A blocking, buffered socket stream with timeouts and a "broken" state.

Reads go through one reusable receive buffer that is filled in big chunks
(``recv_into``, no per-read allocation).  ``read_exact(n)`` hands back a
``memoryview`` of exactly *n* bytes straight out of that buffer; bytes are
moved only when a request straddles the end of the buffer (the unread tail
is slid to the front) or is larger than the buffer (a bigger one replaces
it).  A view is valid until the next read; callers that keep data copy it.

A large request is written while the replies it already caused are read
into that buffer (``send``): a server that answers each message of a long
pipelined request as it goes cannot block on a full socket while we block
sending to it.

Timeouts are deadlines, not idle limits: the timeout is armed when a request
is sent and bounds the whole exchange (the send, and every receive until the
next send), so a peer that drips a byte now and then cannot stretch an
operation past it.  ``hold_deadline`` puts several exchanges (the login)
under one deadline.

Every timeout or socket failure becomes ``OperationalError``; afterwards the
stream is *broken*: the socket is closed and every further use raises
``OperationalError`` naming the original cause.  A SQLI conversation cannot
resume mid-message, so there is no retry here.
"""

from __future__ import annotations

import select
import socket
import ssl
import time

from informix_db.exceptions import InterfaceError, OperationalError
from informix_db.transport.receive import ReceiveBuffer

__all__ = ["DEFAULT_KEEPALIVE", "DEFAULT_RECV_SIZE", "SocketStream", "enable_keepalive",
           "open_stream"]

#: Size of the receive buffer and of each ``recv_into`` request.
DEFAULT_RECV_SIZE = 64 * 1024

#: Requests up to this size are written with one ``sendall``; longer ones
#: in chunks of this size, draining replies in between (``SocketStream.send``).
SEND_CHUNK = 64 * 1024

#: Seconds a connection may sit idle before TCP keepalive probes start.
DEFAULT_KEEPALIVE = 60.0
#: Seconds between keepalive probes, and unanswered probes that mean "dead".
KEEPALIVE_INTERVAL = 10
KEEPALIVE_PROBES = 6


def enable_keepalive(sock: socket.socket, idle: float) -> None:
    """Turn on TCP keepalive: probes after *idle* seconds of silence.

    A peer that vanished (host down, cable cut, NAT entry dropped) then
    fails the next receive after about ``idle + KEEPALIVE_INTERVAL *
    KEEPALIVE_PROBES`` seconds instead of never.  On Linux the same bound
    is applied to unacknowledged sends (TCP_USER_TIMEOUT); elsewhere the
    options a platform lacks are skipped (its defaults apply).
    """
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
    idle_s = max(1, int(idle))
    options = (
        ("TCP_KEEPIDLE", idle_s),            # Linux, Windows 10+
        ("TCP_KEEPALIVE", idle_s),           # macOS: the idle time
        ("TCP_KEEPINTVL", KEEPALIVE_INTERVAL),
        ("TCP_KEEPCNT", KEEPALIVE_PROBES),
        ("TCP_USER_TIMEOUT", (idle_s + KEEPALIVE_INTERVAL * KEEPALIVE_PROBES) * 1000),
    )
    for name, value in options:
        opt = getattr(socket, name, None)
        if opt is None:
            continue
        try:
            sock.setsockopt(socket.IPPROTO_TCP, opt, value)
        except OSError:
            pass  # tuning only: the platform's keepalive defaults still apply


#: ``tls=INSECURE``: encrypt, but accept any certificate for any host.
INSECURE = "insecure"


def _tls_context(tls) -> ssl.SSLContext:
    """The SSL context for *tls*.

    True verifies the certificate chain against the system's trust store and
    the host name, as ``ssl.create_default_context()`` does (and psycopg's
    ``sslmode=verify-full``): secure unless told otherwise.  Skipping the
    checks must be asked for by name (``"insecure"``), since it leaves the
    connection open to anyone who can intercept it.
    """
    if isinstance(tls, ssl.SSLContext):
        return tls
    if tls is True:
        return ssl.create_default_context()
    if tls == INSECURE:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        return ctx
    raise InterfaceError(
        f"tls must be None, False, True, 'insecure' or an ssl.SSLContext; got {tls!r:.60}"
    )


def open_stream(
    host: str,
    port: int,
    *,
    connect_timeout: float | None = 10.0,
    read_timeout: float | None = None,
    tls=None,
    recv_size: int = DEFAULT_RECV_SIZE,
    keepalive: float | None = DEFAULT_KEEPALIVE,
    server_hostname: str | None = None,
) -> SocketStream:
    """Connect to *host*:*port* and return a ready ``SocketStream``.

    *connect_timeout* bounds the TCP connect and the TLS handshake together;
    *read_timeout* bounds every later send and receive (None: wait forever).
    *tls*: None/False for plain TCP, True for TLS verified against the
    system's trust store, ``"insecure"`` for TLS without certificate checks,
    or an ``ssl.SSLContext`` whose verification settings (certificates and
    host name, by default) are applied against *server_hostname*, default
    *host*.  *keepalive*: idle
    seconds before TCP keepalive probes (``enable_keepalive``); None: off.
    """
    if keepalive is not None and (isinstance(keepalive, bool)
                                  or not isinstance(keepalive, (int, float)) or keepalive <= 0):
        raise InterfaceError(f"keepalive must be a positive number of seconds or None, "
                             f"got {keepalive!r}")
    if not isinstance(port, int) or not 0 < port < 65536:
        raise InterfaceError(f"port must be an int in 1..65535, got {port!r}")
    ctx = _tls_context(tls) if tls not in (None, False) else None
    where = f"{host}:{port}"
    started = time.monotonic()
    try:
        sock = socket.create_connection((host, port), timeout=connect_timeout)
    except TimeoutError as exc:
        raise OperationalError(
            f"could not connect to {where}: no answer within {connect_timeout}s"
        ) from exc
    except OSError as exc:
        raise OperationalError(f"could not connect to {where}: {exc.strerror or exc}") from exc
    try:
        # Requests are written whole; Nagle would only add latency.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if keepalive is not None:
            enable_keepalive(sock, keepalive)
        if ctx is not None:
            if connect_timeout is not None:  # what the TCP connect left of it
                left = connect_timeout - (time.monotonic() - started)
                if left <= 0:
                    raise TimeoutError
                sock.settimeout(left)  # the handshake as a whole (CPython bounds it so)
            sock = ctx.wrap_socket(sock, server_hostname=server_hostname or host)
    except ssl.SSLCertVerificationError as exc:
        sock.close()
        raise OperationalError(
            f"TLS certificate verification failed for {where}: {exc.verify_message}"
        ) from exc
    except TimeoutError as exc:
        sock.close()
        raise OperationalError(
            f"TLS handshake with {where} did not finish within {connect_timeout}s"
        ) from exc
    except OSError as exc:
        sock.close()
        raise OperationalError(f"TLS handshake with {where} failed: {exc}") from exc
    return SocketStream(sock, peer=where, timeout=read_timeout, recv_size=recv_size)


class SocketStream(ReceiveBuffer):
    """A connected socket with a reusable receive buffer (``ReceiveBuffer``).

    Build one with ``open_stream``; the constructor takes any connected
    socket (tests hand it one end of a ``socketpair``).
    """

    __slots__ = ("_sock", "_timeout", "peer", "_deadline", "_held")

    def __init__(
        self,
        sock: socket.socket,
        *,
        peer: str = "",
        timeout: float | None = None,
        recv_size: int = DEFAULT_RECV_SIZE,
    ) -> None:
        super().__init__(recv_size)
        self._sock = sock
        self.peer = peer or "server"
        self._timeout = timeout
        self._deadline: float | None = None  # time.monotonic() the exchange must end by
        self._held: tuple[float, str] | None = None  # hold_deadline's (seconds, what)
        sock.settimeout(timeout)

    # -- state ----------------------------------------------------------------

    @property
    def timeout(self) -> float | None:
        """The current per-operation timeout in seconds (None: none)."""
        return self._timeout

    def settimeout(self, timeout: float | None) -> None:
        """Bound each later exchange (a send and the receives up to the next
        send) by *timeout* seconds in all (None: wait)."""
        self._check_usable()
        self._timeout = timeout
        self._deadline = None
        self._sock.settimeout(timeout)

    def hold_deadline(self, seconds: float | None, what: str, *,
                      since: float | None = None) -> None:
        """Bound everything until ``release_deadline`` by one deadline,
        *seconds* after *since* (a ``time.monotonic()`` value; default now);
        *what* names the operation in the timeout's message."""
        self._check_usable()
        if seconds is None:
            return
        self._held = (seconds, what)
        self._deadline = (time.monotonic() if since is None else since) + seconds

    def release_deadline(self) -> None:
        """Back to one deadline per exchange (``settimeout``)."""
        self._held = None
        self._deadline = None
        if self._sock is not None:
            self._sock.settimeout(self._timeout)  # what _bound_socket assumes

    def mark_broken(self, reason: str) -> None:
        """Declare the stream unusable (e.g. the framing layer lost its place)."""
        if self._broken is None:
            self._broken = reason
        self._shutdown()

    def close(self) -> None:
        """Close the socket.  Idempotent; never raises."""
        self._shutdown()

    # -- I/O ------------------------------------------------------------------

    def send(self, data) -> None:
        """Write all of *data*.

        Longer than ``SEND_CHUNK``, it is written as the socket accepts it
        while whatever the server already answers is received into the read
        buffer: a pipelined request of any length cannot deadlock against a
        server that replies before it has read the whole request.
        """
        self._check_usable()
        if self._held is None:  # a new exchange: its deadline starts now
            self._deadline = (None if self._timeout is None
                              else time.monotonic() + self._timeout)
        try:
            self._bound_socket("sending to")
            if len(data) <= SEND_CHUNK:
                self._sock.sendall(data)  # bounded as a whole by the socket timeout
            else:
                self._send_draining(memoryview(data).cast("B"))
        except TimeoutError as exc:
            self._fail(self._timed_out("sending to"), exc)
        except OSError as exc:
            self._fail(f"sending to {self.peer} failed: {exc.strerror or exc}", exc)

    # -- internals ------------------------------------------------------------

    def _more(self, n: int) -> None:
        """Receive until *n* bytes from the read position are buffered."""
        self._check_usable()
        self._make_room(n)
        while self._end - self._pos < n:
            self._receive()

    def _send_draining(self, view: memoryview) -> None:
        # Non-blocking while it lasts: readiness can be a TLS record that is
        # not application data (a TLS 1.3 session ticket), on which a
        # blocking recv would wait for replies the server has no reason to
        # send yet.  select() applies the timeout instead.
        sock = self._sock
        sock.settimeout(0)
        try:
            while view:
                # TLS may hold decrypted bytes that select() cannot see.
                pending = isinstance(sock, ssl.SSLSocket) and sock.pending() > 0
                readable, writable, _ = select.select(
                    [sock], [sock], [], 0 if pending else self._remaining("sending to"))
                if not (readable or writable or pending):
                    raise TimeoutError
                if readable or pending:
                    self._receive_available()
                if writable:
                    try:
                        sent = sock.send(view[:SEND_CHUNK])
                    except (BlockingIOError, ssl.SSLWantWriteError, ssl.SSLWantReadError):
                        continue  # retried with the same bytes, as TLS requires
                    view = view[sent:]
        finally:
            if self._sock is not None:
                sock.settimeout(self._timeout if self._deadline is None
                                else max(self._deadline - time.monotonic(), 1e-6))

    def _receive_available(self) -> None:
        """Receive what has arrived, without waiting (the socket is non-blocking)."""
        # Keep room for one more chunk after what is already unread.
        self._make_room(self._end - self._pos + self._recv_size)
        try:
            got = self._sock.recv_into(self._view[self._end:], len(self._buf) - self._end)
        except (BlockingIOError, ssl.SSLWantReadError, ssl.SSLWantWriteError):
            return
        if got == 0:
            self._fail(f"{self.peer} closed the connection", None)
        self._end += got

    def _receive(self) -> None:
        """One ``recv_into`` filling the free space at the end of the buffer."""
        free = len(self._buf) - self._end
        if self._deadline is None and self._timeout is not None:
            self._deadline = time.monotonic() + self._timeout  # a read with no send before
        try:
            self._bound_socket("waiting for")
            got = self._sock.recv_into(self._view[self._end:], free)
        except TimeoutError as exc:
            self._fail(self._timed_out("waiting for"), exc)
        except OSError as exc:
            self._fail(f"receiving from {self.peer} failed: {exc.strerror or exc}", exc)
        if got == 0:
            self._fail(f"{self.peer} closed the connection", None)
        self._end += got

    def _bound_socket(self, doing: str) -> None:
        """Give the socket what is left of the deadline.  Without one the
        socket already has the stream's timeout (None: every place that drops
        the deadline sets it), and settimeout costs a system call per receive."""
        if self._deadline is not None:
            self._sock.settimeout(self._remaining(doing))

    def _remaining(self, doing: str) -> float | None:
        """Seconds left before the deadline (None: no deadline); past it, fails."""
        if self._deadline is None:
            return self._timeout
        left = self._deadline - time.monotonic()
        if left <= 0:
            self._fail(self._timed_out(doing), TimeoutError())
        return left

    def _timed_out(self, doing: str) -> str:
        if self._held is not None:
            seconds, what = self._held
            return f"timed out after {seconds}s {what} {self.peer}"
        return f"timed out after {self._timeout}s {doing} {self.peer}"

    def _check_usable(self) -> None:
        if self._broken is not None:
            raise OperationalError(
                f"connection is broken ({self._broken}); open a new connection"
            )
        if self._closed:
            raise InterfaceError("connection is closed")

    def _fail(self, reason: str, exc: BaseException | None):
        self.mark_broken(reason)
        raise OperationalError(reason) from exc

    def _shutdown(self) -> None:
        self._closed = True
        self._pos = self._end = 0
        sock, self._sock = self._sock, None
        if sock is not None:
            try:
                sock.close()
            except OSError:
                pass
