"""Informix locale names (``en_US.8859-1``, ``en_US.utf8``) -> Python codecs."""

from __future__ import annotations

import codecs

from informix_db.exceptions import InterfaceError

__all__ = ["DEFAULT_CLIENT_LOCALE", "codec_for_locale"]

#: The locale IBM JDBC announces when none is configured.
DEFAULT_CLIENT_LOCALE = "en_US.8859-1"

# Informix code-set names (and their numeric IDs) that Python spells differently.
_CODESETS = {
    "8859-1": "iso-8859-1", "819": "iso-8859-1",
    "8859-15": "iso-8859-15", "923": "iso-8859-15",
    "8859-2": "iso-8859-2", "912": "iso-8859-2",
    "utf8": "utf-8", "utf-8": "utf-8", "57372": "utf-8",
    "cp1252": "cp1252", "1252": "cp1252",
    "ascii": "ascii",
}


def codec_for_locale(locale: str) -> str:
    """The Python codec for the code set of Informix *locale* (``lang_TERR.codeset``)."""
    if not isinstance(locale, str) or "." not in locale:
        raise InterfaceError(
            f"client_locale must look like 'en_US.8859-1' or 'en_US.utf8', got {locale!r}"
        )
    codeset = locale.rsplit(".", 1)[1].lower()
    name = _CODESETS.get(codeset, codeset)
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise InterfaceError(
            f"client_locale {locale!r}: code set {codeset!r} has no Python codec"
        ) from None
