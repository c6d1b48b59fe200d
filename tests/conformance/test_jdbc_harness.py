"""The JDBC harness itself: the JVM loads IBM's driver (no server needed)."""

from __future__ import annotations

import pytest

from . import jdbc

pytestmark = pytest.mark.jdbc


def test_ibm_driver_accepts_informix_sqli_urls(jvm):
    driver = jdbc.J("java.sql.DriverManager").getDriver("jdbc:informix-sqli://127.0.0.1:1/x")
    assert str(driver.getClass().getName()) == "com.informix.jdbc.IfxDriver"


def test_ibm_driver_is_version_4_50(jvm):
    driver = jdbc.J("com.informix.jdbc.IfxDriver")()
    assert (driver.getMajorVersion(), driver.getMinorVersion()) >= (4, 2)


def test_refused_connection_surfaces_as_sql_exception(jvm):
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(Exception) as info:
        jdbc.connect(jdbc.url("127.0.0.1", port, "testdb", "informix", "informix", "in4mix"))
    assert jdbc.sql_error(info.value) is not None
