# cython: language_level=3
"""Big-endian reads and writes of the SQLI wire's integers, shared by the
compiled twins (every multi-byte integer on the wire is big-endian)."""

from libc.stdint cimport uint16_t, uint32_t, uint64_t


cdef inline uint16_t _be16(const unsigned char *p) noexcept nogil:
    return (<uint16_t>p[0] << 8) | p[1]


cdef inline uint32_t _be32(const unsigned char *p) noexcept nogil:
    return ((<uint32_t>p[0] << 24) | (<uint32_t>p[1] << 16)
            | (<uint32_t>p[2] << 8) | p[3])


cdef inline uint64_t _be64(const unsigned char *p) noexcept nogil:
    return (<uint64_t>_be32(p) << 32) | _be32(p + 4)


cdef inline void _put16(unsigned char *p, unsigned int v) noexcept nogil:
    p[0] = (v >> 8) & 0xFF
    p[1] = v & 0xFF


cdef inline void _put32(unsigned char *p, uint64_t v) noexcept nogil:
    p[0] = (v >> 24) & 0xFF
    p[1] = (v >> 16) & 0xFF
    p[2] = (v >> 8) & 0xFF
    p[3] = v & 0xFF


cdef inline void _put64(unsigned char *p, uint64_t v) noexcept nogil:
    _put32(p, v >> 32)
    _put32(p + 4, <uint32_t>v)
