"""The Informix locales the test server serves, and their Python codecs.

An Informix locale name is ``language_territory.codeset`` (``en_US.819``,
``en_US.8859-1``, ``en_US.utf8``, ``de_DE.57372``): the code set by name or
by IBM's number.  A database keeps the locale it was created in (its
``GL_CTYPE``/``GL_COLLATE`` catalog rows) and its character data travels
in that code set.
"""

from __future__ import annotations

import codecs
import re

__all__ = ["CODESETS", "check_locale", "encoding_of"]

#: Informix code-set names and numbers the server serves -> Python codecs.
CODESETS = {
    "819": "iso-8859-1", "8859-1": "iso-8859-1",
    "923": "iso-8859-15", "8859-15": "iso-8859-15",
    "912": "iso-8859-2", "8859-2": "iso-8859-2",
    "1252": "cp1252", "cp1252": "cp1252",
    "57372": "utf-8", "utf8": "utf-8",
}

# GLS matches locale names without regard to case (IBM's docs write both
# en_US.8859-1 and en_us.8859-1).
_LOCALE_RE = re.compile(r"^[a-z]{2,3}_[a-z]{2}\.([a-z0-9-]+)$", re.IGNORECASE)


def check_locale(locale: str) -> str:
    """*locale* if it is a locale name whose code set the server serves;
    else ``ValueError`` saying which part is wrong."""
    m = _LOCALE_RE.match(locale) if isinstance(locale, str) else None
    if m is None:
        raise ValueError(f"locale {locale!r} is not of the form language_territory.codeset "
                         "(like en_US.819 or en_US.utf8)")
    if _codec(m.group(1).lower()) is None:
        raise ValueError(f"locale {locale!r}: unknown code set {m.group(1)!r}; the server "
                         f"serves {', '.join(CODESETS)} and the other 8859-N")
    return locale


def encoding_of(locale: str, default: str = "iso-8859-1") -> str:
    """The Python codec of *locale*'s code set; *default* when the server does
    not know it (a client's DB_LOCALE is not checked at login)."""
    codeset = locale.rsplit(".", 1)[-1].lower() if "." in locale else ""
    return _codec(codeset) or default


def _codec(codeset: str) -> str | None:
    if codeset in CODESETS:
        return CODESETS[codeset]
    if codeset.startswith("8859-"):  # the ISO 8859 parts IBM names without "iso-"
        try:
            return codecs.lookup("iso-" + codeset).name
        except LookupError:
            return None
    return None
