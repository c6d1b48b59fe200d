# cython: language_level=3
"""Big-endian reads of the SQLI wire's integers, shared by the compiled twins
(every multi-byte integer on the wire is big-endian)."""

from libc.stdint cimport uint16_t, uint32_t, uint64_t


cdef inline uint16_t _be16(const unsigned char *p) noexcept nogil:
    return (<uint16_t>p[0] << 8) | p[1]


cdef inline uint32_t _be32(const unsigned char *p) noexcept nogil:
    return ((<uint32_t>p[0] << 24) | (<uint32_t>p[1] << 16)
            | (<uint32_t>p[2] << 8) | p[3])


cdef inline uint64_t _be64(const unsigned char *p) noexcept nogil:
    return (<uint64_t>_be32(p) << 32) | _be32(p + 4)
