"""Connection strings: what ``connect("...")`` accepts instead of separate arguments.

Three spellings, so a string copied from another tool works as is:

* URL: ``informix://user:password@host:port/database?server=ol_informix``
  (user and password percent-encoded; the port defaults to 9088; query
  options: ``server`` or ``INFORMIXSERVER``, ``client_locale`` or
  ``CLIENT_LOCALE``, ``db_locale`` or ``DB_LOCALE``, ``connect_timeout``, ``read_timeout``, ``keepalive``
  (seconds, or ``none``), ``autocommit`` (``true``/``false``/``1``/``0``),
  ``fetch_buffer_size``).
* IBM JDBC URL: ``jdbc:informix-sqli://host:port/database:INFORMIXSERVER=srv;
  user=u;password=p`` (``TestServer.jdbc_url()`` prints one); other JDBC
  properties are refused by name rather than ignored.
* ODBC-style (as IfxPy and the IBM CSDK take): ``SERVER=srv;DATABASE=db;
  HOST=host;SERVICE=9088;UID=u;PWD=p`` (keywords case-insensitive;
  ``PROTOCOL=onsoctcp`` accepted, other protocols refused).

``parse_dsn`` returns the keyword arguments of ``connect``; it never
connects.  Malformed strings raise ``InterfaceError`` saying what is wrong.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, unquote, urlsplit

from informix_db.exceptions import InterfaceError

__all__ = ["DEFAULT_PORT", "is_dsn", "parse_dsn"]

#: The port Informix's SQLI listener conventionally uses (sqlexec).
DEFAULT_PORT = 9088

_URL_OPTIONS = {
    "server": "server", "informixserver": "server",
    "client_locale": "client_locale", "db_locale": "db_locale",
    "connect_timeout": "connect_timeout", "read_timeout": "read_timeout",
    "keepalive": "keepalive", "autocommit": "autocommit",
    "fetch_buffer_size": "fetch_buffer_size",
}
_ODBC_KEYS = {
    "server": "server", "informixserver": "server", "database": "database", "db": "database",
    "host": "host", "hostname": "host", "service": "port", "port": "port",
    "uid": "user", "user": "user", "pwd": "password", "password": "password",
    "client_locale": "client_locale", "db_locale": "db_locale",
}


def is_dsn(text) -> bool:
    """Whether *text* is a connection string rather than a host name."""
    return isinstance(text, str) and ("://" in text or "=" in text)


def parse_dsn(text: str) -> dict:
    """The ``connect`` keyword arguments *text* spells (see the module docstring)."""
    if text.lower().startswith("jdbc:"):
        return _parse_jdbc(text)
    if "://" in text:
        return _parse_url(text)
    return _parse_odbc(text)


def _parse_url(text: str) -> dict:
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("informix", "informix-sqli"):
        raise InterfaceError(f"connection URL scheme must be informix://, not {parts.scheme}://")
    out: dict = {}
    try:
        host, port = parts.hostname, parts.port
    except ValueError as exc:
        raise InterfaceError(f"connection URL has a bad port: {exc}") from None
    if not host:
        raise InterfaceError("connection URL names no host (informix://user:pw@HOST:port/db)")
    out["host"], out["port"] = host, port or DEFAULT_PORT
    if parts.username is not None:
        out["user"] = unquote(parts.username)
    if parts.password is not None:
        out["password"] = unquote(parts.password)
    db = unquote(parts.path.lstrip("/"))
    if db:
        out["database"] = db
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        name = _URL_OPTIONS.get(key.lower())
        if name is None:
            raise InterfaceError(f"unknown connection URL option {key!r} "
                                 f"(known: {', '.join(sorted(set(_URL_OPTIONS)))})")
        out[name] = _option_value(name, value)
    return out


def _parse_jdbc(text: str) -> dict:
    rest = text[len("jdbc:"):]
    if not rest.lower().startswith("informix-sqli://"):
        raise InterfaceError("a JDBC URL must start with jdbc:informix-sqli://")
    rest = rest[len("informix-sqli://"):]
    # Properties start at the last ':' before the first '=' (host:port[/db]:K=V;...).
    eq = rest.find("=")
    colon = rest.rfind(":", 0, eq) if eq >= 0 else -1
    where, props = (rest[:colon], rest[colon + 1:]) if eq >= 0 and colon >= 0 else (rest, "")
    hostport, _, db = where.partition("/")
    out = _parse_url(f"informix://{hostport}/{db}")
    for item in filter(None, (p.strip() for p in props.split(";"))):
        key, eq, value = item.partition("=")
        if not eq:
            raise InterfaceError(f"JDBC URL property {_shown(item)} has no '='")
        name = {"informixserver": "server", "user": "user", "password": "password",
                "client_locale": "client_locale", "db_locale": "db_locale"}.get(key.strip().lower())
        if name is None:
            raise InterfaceError(f"JDBC URL property {key.strip()!r} is not supported here")
        out[name] = value.strip()
    return out


def _shown(item: str) -> str:
    """*item* for an error message, unless it may hold a password (a
    ``PASSWORD secret`` typo for ``PASSWORD=secret``): errors get logged."""
    if item.strip().lower().startswith(("pass", "pwd")):
        return "starting with " + repr(item.strip()[:3]) + " (text hidden: it may hold a password)"
    return repr(item)


def _parse_odbc(text: str) -> dict:
    out: dict = {}
    for item in filter(None, (p.strip() for p in text.split(";"))):
        key, eq, value = item.partition("=")
        if not eq:
            raise InterfaceError(f"connection string item {_shown(item)} has no '='")
        k = key.strip().lower()
        value = value.strip()
        if k == "protocol":
            if value.lower() not in ("onsoctcp", "olsoctcp", "tcp"):
                raise InterfaceError(f"PROTOCOL={value} is not supported (only onsoctcp)")
            continue
        name = _ODBC_KEYS.get(k)
        if name is None:
            raise InterfaceError(f"unknown connection string keyword {key.strip()!r}")
        out[name] = _option_value(name, value) if name == "port" else value
    if "host" not in out:
        raise InterfaceError("connection string names no HOST")
    out.setdefault("port", DEFAULT_PORT)
    return out


def _option_value(name: str, value: str):
    """*value* converted to what ``connect``'s *name* parameter takes."""
    try:
        if name in ("connect_timeout", "read_timeout", "keepalive"):
            return None if value.lower() in ("", "none") else float(value)
        if name in ("fetch_buffer_size", "port"):
            return int(value)
    except ValueError:
        raise InterfaceError(f"connection option {name}={value!r} is not a number") from None
    if name == "autocommit":
        flag = value.lower()
        if flag not in ("1", "0", "true", "false", "yes", "no", "on", "off"):
            raise InterfaceError(f"autocommit={value!r}: expected true or false")
        return flag in ("1", "true", "yes", "on")
    return value
