"""Transport layer: a blocking byte stream to the server (TCP, optionally TLS).

It knows nothing of SQLI; it moves bytes, enforces timeouts and turns every
socket failure into ``OperationalError`` (marking the stream broken).
"""

from informix_db.transport.stream import DEFAULT_RECV_SIZE, SocketStream, open_stream

__all__ = ["DEFAULT_RECV_SIZE", "SocketStream", "open_stream"]
