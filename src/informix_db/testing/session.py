"""One client connection: login, then request after request until SQ_EXIT.

A request is a run of messages ended by SQ_EOT; each message is read in
full, then acted on, its answers appended to one ``Reply`` that is sent
when the SQ_EOT arrives.  After an error the rest of the request is still
read (to stay aligned) but not executed, except CLOSE and RELEASE, which
free what the client will not ask about again; the session stays usable.
(Requests of a pipelining client's INSERT rows may be answered a little
later, together, in order: see ``batching``.)
An OPEN of a prepared INSERT opens an insert cursor whose rows arrive in
SQ_PUT messages (see ``insertcursor``).
A message this server does not implement is answered with an SQ_ERR too
(see ``informix_db.testing.unsupported`` for how it is skipped).
"""

from __future__ import annotations

import logging
import socket

from informix_db import types as T
from informix_db.codecs import registry
from informix_db.codecs.describe import describe_fields
from informix_db.exceptions import DatabaseError, Error, FramingError
from informix_db.framing import messages as m
from informix_db.testing import cursors
from informix_db.testing.cursors import NOT_IMPLEMENTED
from informix_db.testing.batching import BATCH_MESSAGES, HeldExecutes
from informix_db.testing.blobs import BlobStore
from informix_db.testing.binds import attach_blobs, read_bbind, read_bind
from informix_db.testing.capabilities import DEFAULT_SERVER_MASK, Negotiated
from informix_db.testing.clientfiles import ClientFiles, HeldToEot
from informix_db.testing.fastpath import FastPath
from informix_db.testing.lodata import LoData
from informix_db.testing.insertcursor import InsertCursor
from informix_db.testing.transactions import XACT_STATEMENT, TransactionMessages
from informix_db.testing.describe import describe, describe_input
from informix_db.testing.engine.values import DEFAULT_DATE_FORMAT
from informix_db.testing.genkeys import GeneratedKeys
from informix_db.testing.locales import encoding_of as _encoding_of
from informix_db.testing.replies import Reply
from informix_db.testing.sessionlogin import LoginDialog
from informix_db.testing.statements import StatementTable, statement_type, to_columns
from informix_db.testing.stream import BacklogFull, ClientClosed, ClientStream
from informix_db.testing.unsupported import name_of as unsupported_name
from informix_db.testing.unsupported import read_unsupported

_log = logging.getLogger(__name__)

#: DBOPEN's DONE warnings: bit 0 = the database has transaction logging
#: (JDBC refuses transactions with -79744 without it), bit 1 = MODE ANSI.
WARN_LOGGED = 0x0001
WARN_ANSI = 0x0002

#: DBOPEN's DONE warnings bit 2: JDBC then asks systables for GL_COLLATE's
#: ``site`` instead of ``dirpath``; plausibly sqlwarn3 ("Dynamic Server").
#: Not sent until a real server's DBOPEN reply shows it.
WARN_IDS = 0x0004

# Informix SQLCODEs this layer raises itself.
NO_STATEMENT = -410  # prepare statement failed or was not executed
#: "-526 Updates are not allowed on a scroll cursor." (IBM Informix Error
#: Messages; finderr 526): a scroll cursor over SELECT ... FOR UPDATE.  The
#: peer's tests, run against real servers, see it at OPEN, after a PREPARE
#: that succeeded.
SCROLL_FOR_UPDATE = -526
#: Statement text with bytes that are no character of the wire code set (say
#: 0xff 0xfe in a UTF-8 session).  The server takes statement text in the
#: database code set as it comes (the client converted it), so a byte run
#: that is no character there is a character "that cannot be interpreted as
#: part of an SQL statement": -202 in IBM Informix Error Messages ("-202 An
#: illegal character has been found in the statement"; finderr 202).  -23103
#: ("Code-set conversion function failed due to illegal sequence or invalid
#: value") is the GLS library's error for a failed CLIENT_LOCALE/DB_LOCALE
#: conversion, which this server never performs on statement text.
ILLEGAL_CHARACTER = -202

class SessionConfig:
    """What every session of one server shares."""

    def __init__(self, *, user: str, password: str, server_name: str,
                 server_mask: bytes = DEFAULT_SERVER_MASK, tracer=None,
                 idle_timeout: float | None = 600.0, login_timeout: float | None = 10.0,
                 locale: str = "en_US.819") -> None:
        self.user = user
        self.locale = locale
        self.password = password
        self.server_name = server_name
        self.server_mask = server_mask
        self.tracer = tracer
        self.idle_timeout = idle_timeout
        #: The whole login (the connection request, however slowly it
        #: drips in) must arrive within this many seconds.
        self.login_timeout = login_timeout


class Session(LoginDialog, HeldExecutes, GeneratedKeys, FastPath, LoData, HeldToEot,
              TransactionMessages, InsertCursor):
    """Serves one connected client until it exits or disconnects."""

    def __init__(self, sock: socket.socket, number: int, engine, config: SessionConfig) -> None:
        self.sock = sock
        self.number = number
        self.engine = engine
        self.config = config
        self.stream = ClientStream(sock)
        self.negotiated = Negotiated()
        self.blobs = BlobStore()
        self.statements = StatementTable(self.blobs)
        self.encoding = "iso-8859-1"
        self.client_db_locale: str | None = None  # DB_LOCALE of the login, if sent
        self.update_describe = False  # IFX_UPDDESC set: DESCRIBE of an UPDATE names its ?
        self.date_format = DEFAULT_DATE_FORMAT  # DBDATE's (values.dbdate_format)
        self.delimident = False  # the client's DELIMIDENT=y: "x" is an identifier
        self.db = None  # the engine session, opened after login
        self.current = None  # the statement addressed by the last SQ_ID/PREPARE
        self._init_held()  # EXECUTEs held back to run as one batch (see batching)
        self._init_puts()  # an insert cursor's PUT rows, held likewise (insertcursor)
        self.failed = False
        self._deferred = None  # an action waiting for the client's next message
        #: Actions held to the request's SQ_EOT: a statement that talks with the
        #: client's files (SQ_FILE) runs once the whole request has been read,
        #: so the client's answers are the next bytes (see ``clientfiles``).
        self._post_eot: list | None = None
        self.client_files = ClientFiles(self)
        self._init_fastpath()
        self.logged = False  # the open database keeps a transaction log
        self._handlers = {
            m.SQ_PROTOCOLS: self._protocols, m.SQ_INFO: self._info,
            m.SQ_DBOPEN: self._dbopen, m.SQ_DBCLOSE: self._dbclose, m.SQ_PREPARE: self._prepare,
            m.SQ_COMMAND: self._prepare, m.SQ_NDESCRIBE: self._ndescribe,
            m.SQ_WANTDONE: self._wantdone, m.SQ_ID: self._id,
            m.SQ_CURNAME: self._curname, m.SQ_BIND: self._bind, m.SQ_BBIND: self._bbind,
            m.SQ_OPEN: self._open,
            m.SQ_NFETCH: self._nfetch, m.SQ_SCROLL: self._scroll, m.SQ_SFETCH: self._sfetch,
            m.SQ_FETCHBLOB: self._fetchblob, m.SQ_EXECUTE: self._execute,
            m.SQ_CLOSE: self._close, m.SQ_RELEASE: self._release,
            m.SQ_RETTYPE: self._rettype, m.SQ_CIDESCRIBE: self._describe_input,
            m.SQ_AUTOGENKEYS: self._autogenkeys,
            m.SQ_BEGIN: self._begin, m.SQ_CMMTWORK: self._commit, m.SQ_RBWORK: self._rollback,
            m.SQ_GETROUTINE: self._getroutine, m.SQ_EXFPROUTINE: self._exfproutine,
            m.SQ_LODATA: self._lodata, m.SQ_PUT: self._put,
        }

    # -- lifecycle ---------------------------------------------------------
    def run(self) -> None:
        """Serve the client; never raises (a broken client ends only its session)."""
        tracer = self.config.tracer
        if tracer:
            tracer.note(self.number, "connected")
        try:
            if self.config.idle_timeout:
                self.sock.settimeout(self.config.idle_timeout)
            if self._login_within_deadline():
                while self._serve_request():
                    pass
        except BacklogFull as exc:
            _log.warning("session %d: client reads no replies, closing: %s", self.number, exc)
        except (ClientClosed, OSError) as exc:
            _log.debug("session %d: client gone: %s", self.number, exc)
        except FramingError as exc:
            _log.warning("session %d: malformed request, closing: %s", self.number, exc)
            if tracer:
                tracer.log(self.number, "c->s", self.stream.take_consumed(),
                           [("MALFORMED", {"error": str(exc),
                                           "unread": self.stream.drain_unread().hex()})])
        except Exception:  # a server bug must not take the listener down
            _log.exception("session %d: internal error", self.number)
        finally:
            self._flush_quietly()
            self._flush_puts_quietly()
            self._cleanup()
            if tracer:
                tracer.note(self.number, "closed")

    def _cleanup(self) -> None:
        self.statements.release_all()
        if self.db is not None:
            try:
                self.db.close()
            except Exception:  # closing must not fail the thread
                _log.exception("session %d: engine close failed", self.number)
            self.db = None
        try:
            self.sock.close()
        except OSError:
            pass

    def _send(self, data: bytes, decoded=None) -> None:
        if self.config.tracer:
            self.config.tracer.log(self.number, "s->c", data, decoded)
        self.stream.send(data)

    # -- requests ----------------------------------------------------------
    def _serve_request(self) -> bool:
        tracing = bool(self.config.tracer)
        reply = Reply(trace=tracing)
        request: list = []
        self.failed = False
        more = True
        while True:
            code = self.stream.read_int16()
            if self._deferred is not None:  # the client went on: it is still there
                deferred, self._deferred = self._deferred, None
                deferred()
            if code == m.SQ_EOT:
                request.append(("SQ_EOT", {}))
                if self._post_eot is not None:
                    self._log_request(request)  # the dialogs' answers are logged apart
                    request = []
                    self._run_post_eot()
                if self._hold_reply(reply):  # answered with the rows (see batching)
                    self._log_request(request)
                    return True
                if self._pending:
                    self._flush(reply)
                if self._puts:
                    self._flush_puts(reply)
                reply.eot()
                break
            if self._pending and code not in BATCH_MESSAGES:
                self._flush(reply)  # replies keep the order of the messages
            if self._puts and code != m.SQ_PUT:
                self._flush_puts(reply)
            if code == m.SQ_EXIT:
                request.append(("SQ_EXIT", {}))
                reply.exit()
                more = False
                break
            handler = self._handlers.get(code)
            if handler is None:
                fields = self._unsupported(reply, code)
                if tracing:
                    request.append((unsupported_name(code), fields))
            elif tracing:
                request.append((m.name_of(code), handler(reply) or {}))
            else:  # a bulk load sends ~3 messages a row: describe them only for a trace
                handler(reply)
        self._log_request(request)
        self._send_held()  # none are left after a flush; kept for order's sake
        self._send(reply.getvalue(), reply.decoded)
        return more

    def _log_request(self, request: list) -> None:
        if self.config.tracer:
            self.config.tracer.log(self.number, "c->s", self.stream.take_consumed(), request)
        else:
            self.stream.take_consumed()

    def _unsupported(self, reply: Reply, code: int) -> dict:
        """A message this server does not implement (see ``unsupported``)."""
        fields = read_unsupported(self.stream, code, self.negotiated.long_sql_length)
        if not self.failed:
            self._error(reply, NOT_IMPLEMENTED, 0, unsupported_name(code))
        return fields

    def _run(self, reply: Reply, action, *args) -> None:
        """Run *action* unless the request already failed; turn errors into SQ_ERR."""
        if self._post_eot is not None:
            self._post_eot.append((self.current, reply, action, args, False))
            return
        if self.failed:
            return
        try:
            action(reply, *args)
        except Exception as exc:
            self._report(reply, exc)

    def _report(self, reply: Reply, exc: Exception) -> None:
        """Answer *exc* with an SQ_ERR; the request has failed."""
        if isinstance(exc, Error):
            self._error(reply, exc.sqlcode or NOT_IMPLEMENTED, exc.isam_code or 0,
                        exc.token or ("" if exc.sqlcode else str(exc)[:200]))
        else:  # a server bug: report it, keep the session
            _log.error("session %d: statement failed inside the server", self.number,
                       exc_info=exc)
            self._error(reply, NOT_IMPLEMENTED, 0, f"{type(exc).__name__}: {exc}"[:200])

    def _error(self, reply: Reply, sqlcode: int, isam: int = 0, token: str = "") -> None:
        reply.error(sqlcode, isam, token, long_offset=self.negotiated.long_sql_length,
                    encoding=self.encoding)
        self.failed = True

    def _statement(self):
        stmt = self.statements.get(self.current) if self.current is not None else None
        if stmt is None:
            raise DatabaseError("no such statement", sqlcode=NO_STATEMENT)
        return stmt

    # -- session setup -----------------------------------------------------
    def _dbopen(self, reply: Reply):
        name = self.stream.read_lenbytes().decode("iso-8859-1")
        mode = self.stream.read_int16()
        self._run(reply, self._do_dbopen, name)
        return {"database": name, "mode": mode}

    def _do_dbopen(self, reply: Reply, name: str) -> None:
        reply.done(0, warnings=self._database_opened(self.db.open_database(name)))

    def _database_opened(self, mode) -> int:
        """Note the logging *mode* of the database just opened (None: none
        open); return the DONE warnings that announce it."""
        self.logged = mode in ("logged", "buffered", "ansi")
        self.encoding = _encoding_of(self.client_db_locale or self.db.locale
                                     or self.config.locale)
        warnings = WARN_LOGGED if self.logged else 0
        if mode == "ansi":
            warnings |= WARN_ANSI
        return warnings

    def _dbclose(self, reply: Reply):
        self._run(reply, self._do_dbclose)

    def _do_dbclose(self, reply: Reply) -> None:
        self.statements.release_all()
        self.db.close_database()
        self.logged = False
        reply.done(0)

    # -- statements --------------------------------------------------------
    def _prepare(self, reply: Reply):
        nparams = self.stream.read_int16()
        if self.negotiated.long_sql_length:
            length = self.stream.read_int32()
        else:
            length = self.stream.read_uint16()
        raw = self.stream.read_padded(length)
        # A new statement is current from here on, even if it fails to
        # prepare: a RELEASE later in the same request (JDBC sends COMMAND +
        # NDESCRIBE + EXECUTE + RELEASE together) must not free the statement
        # an earlier SQ_ID addressed, whose cursor the client still reads.
        self.current = None
        try:
            sql = raw.decode(self.encoding)
        except UnicodeDecodeError as exc:
            # refused, never run with the bad bytes replaced; the session goes on
            self._run(reply, _refuse_text, raw[exc.start:exc.end])
            return {"nparams": nparams, "sql": raw.decode(self.encoding, "replace")}
        self._run(reply, self._do_prepare, sql)
        return {"nparams": nparams, "sql": sql}

    def _do_prepare(self, reply: Reply, sql: str) -> None:
        prepared = self.db.prepare(sql)
        stmt = self.statements.add(prepared, statement_type(prepared.kind),
                                   to_columns(prepared.columns))
        kind = getattr(prepared, "kind", None)
        if kind == "insert" or (kind == "update" and self.update_describe):
            # "For a prepared INSERT or UPDATE statement, DESCRIBE returns only
            # the dynamic parameters" with "the data type of the column, as
            # defined in the table", its length and name (Guide to SQL:
            # Syntax, DESCRIBE; UPDATE only with IFX_UPDDESC set).  IBM JDBC
            # with IFX_USEPUT=1 cannot prepare an INSERT without them.
            stmt.described = to_columns(getattr(prepared, "param_columns", ()))
        self.current = stmt.id

    def _ndescribe(self, reply: Reply):
        self._run(reply, self._do_describe)

    def _do_describe(self, reply: Reply) -> None:
        stmt = self._statement()
        columns = stmt.columns if stmt.described is None else stmt.described
        describe(reply, stmt.stmt_type, stmt.id, columns,
                 four_byte_offsets=self.negotiated.four_byte_offsets)
        if stmt.keys is not None:
            describe(reply, stmt.stmt_type, stmt.id, stmt.keys,
                     four_byte_offsets=self.negotiated.four_byte_offsets,
                     tag=m.SQ_GENKEYS_DESCRIBE)

    def _describe_input(self, reply: Reply):
        self._run(reply, self._do_describe_input)

    def _do_describe_input(self, reply: Reply) -> None:
        # Every ? with the type of the column it is written to or compared
        # with, SQLUNKNOWN where the statement does not say (DESCRIBE INPUT:
        # "If the database server cannot infer the data type of an expression
        # parameter, the DESCRIBE INPUT statement returns SQLUNKNOWN").
        stmt = self._statement()
        describe_input(reply, list(getattr(stmt.prepared, "param_types", None) or ()))

    def _wantdone(self, reply: Reply):
        self._run(reply, self._do_wantdone)

    def _do_wantdone(self, reply: Reply) -> None:
        reply.done(0)
        reply.cost()

    def _id(self, reply: Reply):
        self.current = self.stream.read_int16()
        return {"id": self.current}

    def _curname(self, reply: Reply):
        name = self.stream.read_lenbytes().decode("iso-8859-1")
        self._run(reply, lambda _r: setattr(self._statement(), "cursor_name", name))
        return {"name": name}

    def _bind(self, reply: Reply):
        values = read_bind(self.stream, self.encoding)
        if self._pending and (self.current is None or
                              self.statements.get(self.current) is not self._pending_stmt):
            self._flush(reply)
        self._run(reply, self._set_params, values)
        return {"values": values}

    def _set_params(self, reply: Reply, values) -> None:
        self._statement().params = values

    def _bbind(self, reply: Reply):
        blobs = read_bbind(self.stream)
        self._run(reply, lambda _r: attach_blobs(self._statement().params, blobs, self.encoding))
        return {"blobs": [len(b) for b in blobs]}

    def _rettype(self, reply: Reply):
        # The client's preferred return types (flag: the direction, 1 FETCH,
        # 0 PUT, as IBM JDBC's protocol trace labels it).  Per column: a type
        # short, then
        # - for type 44 (SENDRECV), or a column the DESCRIBE gave an extended
        # type name (BOOLEAN and LVARCHAR go out as opaque types) - owner and
        # type name strings, then an int length.  IBM JDBC was seen sending
        # "lvarchar"/"boolean" there, nothing for plain types, and the two
        # strings for every type-44 entry, empty or not.
        stmt = self.statements.get(self.current) if self.current is not None else None
        # (an INSERT's: its described ?, the row it will PUT)
        columns = (stmt.columns if stmt.described is None else stmt.described) if stmt else []
        named = [bool(describe_fields(c.type)[2]) for c in columns]
        flag = self.stream.read_int16()
        types = []
        for i in range(self.stream.read_int16()):
            code = self.stream.read_int16()
            if code == T.SQLSENDRECV or (i < len(named) and named[i]):
                self.stream.read_lenbytes()  # owner name
                self.stream.read_lenbytes()  # extended type name
            types.append((code, self.stream.read_int32()))
        if stmt is not None and flag == m.RETTYPE_PUT:
            self._put_types(stmt, types)  # the rows of SQ_PUT (insertcursor)
        if stmt is not None and stmt.encoder is None:
            # Smart LOBs and composites asked for as type 44 (IBM JDBC asks)
            # go in their binary forms (cursors._wire_columns); otherwise the
            # server answers in the described types.
            stmt.raw_lobs = frozenset(i for i, (code, _) in enumerate(types)
                                      if code == T.SQLSENDRECV)
        return {"flag": flag, "types": types}

    def _open(self, reply: Reply):
        self._hold_to_eot(self.statements.get(self.current) if self.current is not None
                          else None)
        self._run(reply, self._do_open)

    def _do_open(self, reply: Reply) -> None:
        stmt = self._statement()
        if stmt.stmt_type == m.SQ_INSERT:  # an insert cursor: rows come in SQ_PUT
            self._open_insert_cursor(stmt)
            return
        if stmt.scroll and getattr(stmt.prepared, "for_update", False):
            raise DatabaseError("updates are not allowed on a scroll cursor",
                                sqlcode=SCROLL_FOR_UPDATE)
        cursors.open_cursor(stmt, self.db.execute(stmt.prepared, list(stmt.params)),
                            self.encoding)

    def _scroll(self, reply: Reply):
        self._run(reply, lambda _r: setattr(self._statement(), "scroll", True))

    def _sfetch(self, reply: Reply):
        how = self.stream.read_int16()
        target = self.stream.read_int32()
        bufsize = self._read_bufsize()
        self._run(reply, lambda r: cursors.scroll_fetch(self._statement(), r, how, target,
                                                               self.encoding))
        return {"scrolltype": how, "target": target, "bufsize": bufsize}

    def _read_bufsize(self) -> int:
        if self.negotiated.long_fetch_buffer:
            return self.stream.read_int32()
        return self.stream.read_uint16()

    def _fetchblob(self, reply: Reply):
        descriptor = self.stream.read_padded(56)
        self._run(reply, lambda r: cursors.fetch_blob(self.blobs, r, descriptor))
        return {"descriptor": descriptor.hex()}

    def _nfetch(self, reply: Reply):
        size = self._read_bufsize()
        array = self.stream.read_int16()
        self._hold_to_eot(self.statements.get(self.current) if self.current is not None
                          else None)
        self._run(reply, lambda r: cursors.fetch(self._statement(), r, size, self.encoding))
        return {"bufsize": size, "array": array}

    def _do_execute(self, reply: Reply, stmt=None, params=None) -> None:
        if stmt is None:
            stmt = self._statement()
            params = stmt.params
        before = self._level()
        result = self.db.execute(stmt.prepared, list(params))
        self._executed(reply, stmt, result, before, self._level())

    def _executed(self, reply: Reply, stmt, result, before: int, after: int) -> None:
        """The replies to one EXECUTE that ran: transaction state, counts, serials."""
        if self.logged:
            reply.xactstat(XACT_STATEMENT, after, before)
        warnings = 0
        if stmt.stmt_type in (m.SQ_DATABASE, m.SQ_CREADB, m.SQ_CLSDB, m.SQ_DROPDB):
            # DATABASE/CREATE DATABASE run as SQL switch databases like
            # SQ_DBOPEN does, and their DONE says so the same way.
            warnings = self._database_opened(self.db.mode)
        if stmt.keys:
            self._send_keys(reply, stmt, result)
        rows = getattr(result, "rowcount", 0) or 0
        serial8 = getattr(result, "serial8", None)
        if serial8:  # only an INSERT that generated a SERIAL8/BIGSERIAL value
            int8 = registry.encode_value(T.ColumnType(T.SQLINT8), serial8)
            reply.insertdone(int8, serial8)
        reply.done(max(rows, 0), warnings=warnings, serial=getattr(result, "serial", None) or 0)
        reply.cost()

    def _close(self, reply: Reply):
        if self._post_eot is not None:  # after the held actions, whatever they do
            self._post_eot.append((self.current, reply, lambda r: self._close(r), (), True))
            return
        stmt = self.statements.get(self.current) if self.current is not None else None
        if stmt is not None:
            stmt.close_cursor()

    def _release(self, reply: Reply):
        if self._post_eot is not None:
            self._post_eot.append((self.current, reply, lambda r: self._release(r), (), True))
            return
        if self.current is not None:
            self.statements.release(self.current)
            self.current = None


def _refuse_text(reply: Reply, bad: bytes) -> None:
    """Fail a PREPARE/COMMAND whose text is not valid in the wire code set."""
    raise DatabaseError(f"statement text holds bytes {bad.hex()} that are no character "
                        "of the database code set", sqlcode=ILLEGAL_CHARACTER)
