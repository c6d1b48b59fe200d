"""SQLI message codes, login markers and statement types, as Informix names them.

Every post-login message starts with a big-endian 16-bit code from the
``SQ_*`` message table below; the client and the server share one table
(a server echoes ``SQ_EXIT`` and ``SQ_PROTOCOLS`` with the same codes).
The login exchange uses a separate set of section markers (``SQ_ASC*``),
numerically overlapping the message codes, so they are kept apart.
Statement types (``sqlstype.h``) travel in DESCRIBE replies.

Only codes seen on the wire or needed by this project are listed; the
``NAMES`` table turns a code back into its name for traces and errors.
"""

from __future__ import annotations

# -- post-login message codes ------------------------------------------------
SQ_COMMAND = 1
SQ_PREPARE = 2
SQ_CURNAME = 3
SQ_ID = 4
SQ_BIND = 5
SQ_OPEN = 6
SQ_EXECUTE = 7
SQ_DESCRIBE = 8
SQ_NFETCH = 9
SQ_CLOSE = 10
SQ_RELEASE = 11
SQ_EOT = 12
SQ_ERR = 13
SQ_TUPLE = 14
SQ_DONE = 15
SQ_PUT = 17  # a row for an open insert cursor (IBM JDBC's protocol trace: SQ_PUT)
SQ_CMMTWORK = 19
SQ_RBWORK = 20
SQ_SVPOINT = 21
SQ_NDESCRIBE = 22
SQ_SFETCH = 23
SQ_SCROLL = 24
SQ_TUPID = 25
SQ_BEGIN = 35
SQ_DBOPEN = 36
SQ_DBCLOSE = 37
SQ_FETCHBLOB = 38
SQ_BLOB = 39
SQ_BBIND = 41
SQ_WANTDONE = 49
SQ_VERSION = 53
SQ_COST = 55
SQ_EXIT = 56
SQ_INFO = 81
SQ_INSERTDONE = 94
SQ_LODATA = 97  # smart-LOB data transfer (sub-commands read, read-with-seek, write)
SQ_FILE = 98  # the server asks the client to open/read/write/close a client file
SQ_XACTSTAT = 99
SQ_RETTYPE = 100
#: SQ_RETTYPE's first short: the direction of the rows it types (IBM JDBC's
#: protocol trace: "1-FETCH, 0-PUT").
RETTYPE_PUT = 0
RETTYPE_FETCH = 1
SQ_GETROUTINE = 101  # fast-path: a routine's handle from its signature
SQ_EXFPROUTINE = 102  # fast-path: run a routine by handle
SQ_FPROUTINE = 103  # fast-path: a routine's return values
SQ_FILE_READ = 106  # in SQ_FILE dialogs: data the client sends
SQ_FILE_WRITE = 107  # in SQ_FILE dialogs: data the server sends
SQ_AUTOFREE = 108
SQ_CIDESCRIBE = 124
SQ_IDESCRIBE = 125
SQ_PROTOCOLS = 126
#: Generated keys (capability bit 48).  The names are this project's: IBM
#: JDBC sends 134 after PREPARE for prepareStatement(sql, RETURN_GENERATED_KEYS
#: | int[] | String[]); the server describes the key columns with 135 (a
#: DESCRIBE body) and sends their values with 136 (a TUPLE body) per row
#: inserted.  Found by answering JDBC and watching what it decodes.
SQ_AUTOGENKEYS = 134
SQ_GENKEYS_DESCRIBE = 135
SQ_GENKEYS_TUPLE = 136

#: Message code -> name, for traces and error messages.  Built here, before
#: the login markers and statement types, whose numbers overlap these.
NAMES: dict[int, str] = {
    code: name for name, code in list(globals().items()) if name.startswith("SQ_")
}

# -- SQ_INFO sub-codes ---------------------------------------------------------
INFO_DONE = 0
INFO_ENV = 6

# -- login (connection-establishment) markers -----------------------------------
SQ_ASSOC = 100
SQ_ASCBINARY = 101
SQ_ASCINITRESP = 102
SQ_ASCINITREQ = 104
SQ_ASCENV = 106
SQ_ASCPINFO = 107
SQ_ASCBPARMS = 108
SQ_ASCMISC_60 = 116
SQ_ASCEOT = 127

#: SLType byte of the login frame: request, accept, reject.
SL_CONREQ = 1
SL_CONACC = 2
SL_CONREJ = 3
#: SLAttribute byte: the SQLI 6.00 protocol family.
SL_PROT_SQLI_0600 = 60

# -- statement types (sqlstype.h), sent in SQ_DESCRIBE --------------------------
SQ_DATABASE = 1
SQ_SELECT = 2
SQ_SELINTO = 3
SQ_UPDATE = 4
SQ_DELETE = 5
SQ_INSERT = 6
SQ_LOCK = 10
SQ_UNLOCK = 11
SQ_CREADB = 12
SQ_DROPDB = 13
SQ_CRETAB = 14
SQ_DRPTAB = 15
SQ_CREIDX = 16
SQ_DRPIDX = 17
SQ_GRANT = 18
SQ_REVOKE = 19
SQ_RENTAB = 20
SQ_RENCOL = 21
SQ_ALTER = 29
SQ_STATS = 30
SQ_CLSDB = 31
SQ_DELALL = 32
SQ_UPDALL = 33
SQ_BEGWORK = 34
SQ_COMMIT = 35
SQ_ROLLBACK = 36
SQ_CREVIEW = 45
SQ_DRPVIEW = 46
SQ_CREPROC = 53
SQ_DRPPROC = 54
SQ_EXECPROC = 56

def name_of(code: int) -> str:
    """The Informix name of message *code*, or ``SQ_<code>`` when unknown."""
    return NAMES.get(code, f"SQ_{code}")
