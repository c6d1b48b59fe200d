"""Where a table's large objects live, and the refusals a server without the space gives.

BYTE and TEXT columns may say where their data goes: ``IN TABLE`` (always
there) or ``IN blobspace`` (one the server was configured with: ``Engine(
blobspaces=...)``, ``--blobspace NAME``).  The clause changes nothing else:
the data is stored as any other BYTE/TEXT value.

BLOB and CLOB are smart large objects, kept in an sbspace (``sbspace``):
the engine has the sbspaces it was configured with (``Engine(sbspaces=...)``,
``--sbspace NAME``; the first is the default, SBSPACENAME).  Without any, it
answers with the error of a server with no sbspace.  A real server without
one accepts the CREATE TABLE and refuses the first value written (IBM: the
default sbspace is checked "when the database server attempts to write a
smart large object"; OpenInformix/IfxPy issue 49 shows the CREATE passing
and the INSERT failing with -9810).  We refuse at CREATE TABLE instead:
the same error, earlier, and no table a client could not use.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from informix_db.testing.engine.errors import InformixError
from informix_db.testing.engine.lexer import OP, STRING, WORD, Token, matching_paren, split_top

#: "Invalid blob space name." (the Informix message list, -606): a BYTE/TEXT
#: column stored IN a blobspace the server does not have.  The number is from
#: the message catalogue; no real-server capture confirms it.
NO_BLOBSPACE = -606
#: "Smart-large-object error." with ISAM -12053 "Smart Large Objects: No sbspace
#: number specified.": IBM documents this pair for a smart large object that
#: needs the default sbspace when SBSPACENAME names none (SBSPACENAME
#: configuration parameter, Administrator's Reference).
SMART_LOB_ERROR, NO_SBSPACE = -9810, -12053
#: "Sbspace (%s) does not exist." (message catalogue): a PUT clause naming one.
NO_SUCH_SBSPACE = -9820


@dataclass
class Storage:
    """The storage a CREATE/ALTER TABLE asks for, checked when it runs."""

    blobspaces: list[str] = field(default_factory=list)  # named by BYTE/TEXT ... IN name
    smart: list[str] = field(default_factory=list)  # BLOB/CLOB columns
    put: dict[str, str] = field(default_factory=dict)  # PUT col IN (sbspace): col -> sbspace

    def __bool__(self) -> bool:
        return bool(self.blobspaces or self.smart)

    def check(self, blobspaces, sbspaces=()) -> None:
        """Raise the error a server with only ``blobspaces`` and ``sbspaces`` gives."""
        for col in self.smart:
            if col in self.put and self.put[col] not in sbspaces:
                raise InformixError(NO_SUCH_SBSPACE, token=self.put[col])
            if not sbspaces:
                raise InformixError(SMART_LOB_ERROR, NO_SBSPACE)
        for name in self.blobspaces:
            if name not in blobspaces:
                raise InformixError(NO_BLOBSPACE, token=name)


def is_smart_lob(part: list[Token], k: int) -> bool:
    """True when the type declared at ``part[k]`` is BLOB or CLOB."""
    return k < len(part) and part[k].is_("BLOB", "CLOB")


def blob_in(part: list[Token], j: int, family: str, storage: Storage) -> int | None:
    """Read ``IN TABLE`` / ``IN name`` at ``part[j]`` after a BYTE/TEXT type.

    Returns the index after it, or None when ``part[j]`` starts no such clause
    (``IN`` after any other type stays a syntax error).
    """
    if family not in ("byte", "text") or not part[j].is_("IN"):
        return None
    if j + 1 >= len(part) or part[j + 1].kind not in (WORD, STRING):
        raise InformixError(-201, token="IN")
    if not part[j + 1].is_("TABLE"):
        storage.blobspaces.append(part[j + 1].text.lower())
    return j + 2


def read_put(tail: list[Token], storage: Storage) -> None:
    """``PUT col IN (sbspace [, ...]) [(options)] [, col IN (...)]`` after a CREATE TABLE."""
    k = next((i for i, t in enumerate(tail) if t.is_("PUT")), -1)
    if k < 0:
        return
    for item in split_top(tail[k + 1 :]):
        if len(item) >= 4 and item[0].kind in (WORD, STRING) and item[1].is_("IN") \
                and item[2].kind == OP and item[2].text == "(":
            close = matching_paren(item, 2)
            spaces = [p[0].text.lower() for p in split_top(item[3:close]) if p]
            if spaces:
                storage.put[item[0].text.lower()] = spaces[0]
