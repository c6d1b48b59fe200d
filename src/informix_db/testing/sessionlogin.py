"""The login part of a session: the connection request within its deadline,
then the protocol mask (SQ_PROTOCOLS) and the client environment (SQ_INFO)
that come before the first statement.

``LoginDialog`` is a part of ``session.Session``.
"""

from __future__ import annotations

import logging
import socket
import threading

from informix_db._impl import buffer
from informix_db.exceptions import FramingError
from informix_db.framing import messages as m
from informix_db.testing import login as login_mod
from informix_db.testing.capabilities import Negotiated
from informix_db.testing.engine.values import dbdate_format
from informix_db.testing.locales import encoding_of as _encoding_of
from informix_db.testing.replies import Reply

_log = logging.getLogger("informix_db.testing.session")


class LoginDialog:
    """Login, SQ_PROTOCOLS and SQ_INFO of a ``Session``."""

    # -- login -------------------------------------------------------------
    def _login_within_deadline(self) -> bool:
        """``_login``, the socket shut down if it has not ended by the deadline:
        a client sending a byte now and then cannot hold a session for ever."""
        if not self.config.login_timeout:
            return self._login()
        timer = threading.Timer(self.config.login_timeout, self._end_stalled_login)
        timer.daemon = True
        timer.start()
        try:
            return self._login()
        finally:
            timer.cancel()

    def _end_stalled_login(self) -> None:
        _log.info("session %d: no login within %.0f s, closing", self.number,
                  self.config.login_timeout)
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _login(self) -> bool:
        head = self.stream.read_exact(2)
        total = buffer.frame_length(head)
        frame = head + self.stream.read_exact(total - 2)
        self.stream.take_consumed()
        req = login_mod.parse_login(frame)
        if self.config.tracer:  # the password never reaches the trace file
            self.config.tracer.log(self.number, "c->s", login_mod.masked(frame, req),
                                   [("LOGIN", {"user": req.user, "server": req.server_name,
                                               "env": req.env})])
        # Character data travels in the database's code set: clients convert
        # to it (IBM JDBC fails client-side on a character the database code
        # set lacks).  A client naming DB_LOCALE says which; else the opened
        # database's own locale (see _database_opened); else the server's.
        self.client_db_locale = req.env.get("DB_LOCALE") or None
        self._environment(req.env)
        self.encoding = _encoding_of(self.client_db_locale or self.config.locale)
        if req.user != self.config.user or req.password != self.config.password:
            self._send(login_mod.build_reject(req), [("CONREJ", {"sqlcode": -951})])
            return False
        if req.server_name and req.server_name != self.config.server_name:
            code = login_mod.WRONG_SERVER_NAME
            self._send(login_mod.build_reject(req, code, req.server_name),
                       [("CONREJ", {"sqlcode": code})])
            return False
        self._send(login_mod.build_accept(req), [("CONACC", {})])
        self.db = self.engine.open_session()
        self.db.date_format = self.date_format
        self.db.delimident = self.delimident
        self.db.client_files = self.client_files
        return True

    def _protocols(self, reply: Reply):
        client_mask = self.stream.read_lenbytes()
        self.negotiated = Negotiated(client_mask, self.config.server_mask)
        reply.protocols(self.config.server_mask)
        return {"mask": client_mask.hex()}

    def _info(self, reply: Reply):
        subtype = self.stream.read_int16()
        env = {}
        if subtype == m.INFO_ENV:
            body = self.stream.read_exact(self.stream.read_int16())
            env = _parse_info_env(body)
            self._environment(env)
            if self.stream.read_int16() != m.INFO_DONE:
                raise FramingError("SQ_INFO environment not followed by INFO_DONE")
        elif subtype != m.INFO_DONE:
            raise FramingError(f"unsupported SQ_INFO sub-code {subtype}")
        return {"subtype": subtype, "env": env}

    def _environment(self, env: dict[str, str]) -> None:
        """Take the client environment variables the server acts on."""
        if "DBDATE" in env:
            # DATE values print (CAST to text, || and written to character
            # columns) in the client's DBDATE form (Guide to SQL: Reference)
            self.date_format = dbdate_format(env["DBDATE"])
            if self.db is not None:
                self.db.date_format = self.date_format
        if "IFX_UPDDESC" in env:
            # "Any non-NULL value enables the feature" (Guide to SQL:
            # Reference, IFX_UPDDESC); an empty value is how a client unsets it.
            self.update_describe = bool(env["IFX_UPDDESC"])
        if "DELIMIDENT" in env:
            # y: "..." is a delimited identifier; n (the ESQL/C, JDBC and ODBC
            # default) or no value: a string literal (Guide to SQL: Reference)
            self.delimident = env["DELIMIDENT"].strip().lower().startswith("y")
            if self.db is not None:
                self.db.delimident = self.delimident


def _parse_info_env(body: bytes) -> dict[str, str]:
    """SQ_INFO INFO_ENV body: two max-length shorts, name/value pairs, a 0 short."""
    rb = buffer.ReadBuffer(body)
    env: dict[str, str] = {}
    rb.skip(4)
    while rb.remaining >= 2:
        name = rb.read_lenbytes()
        if not name:
            break
        env[name.decode("iso-8859-1")] = rb.read_lenbytes().decode("iso-8859-1")
    return env
