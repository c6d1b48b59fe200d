"""Protocol layer: building SQLI requests and reading the server's replies.

* ``login`` — the connection request (CONREQ) and the accept/reject reply;
* ``capabilities`` — the SQ_PROTOCOLS masks and what was negotiated;
* ``session`` — SQ_PROTOCOLS, SQ_INFO, SQ_DBOPEN and SQ_EXIT requests;
* ``replies`` — ``ReplyReader``: DONE, COST, ERR, XACTSTAT, INSERTDONE, EOT;
* ``locales`` — Informix locale names to Python codecs.

Requests are plain ``bytes`` built with the framing layer's ``WriteBuffer``;
this layer never touches a socket except through a transport stream.
"""
