"""Our connection-level requests equal IBM JDBC's, field by field.

Both byte strings (ours, and the client half of a JDBC capture) are decoded
by ``sqli_decode`` into named fields, and the fields are compared, so a
failure names the field.

Normalisation (fields that are genuinely per process, replaced by a marker
on both sides before comparing):

* ``pinfo.pid``, ``pinfo.tid`` — the client's process and thread ids;
* ``pinfo.hostname``, ``pinfo.cwd`` — the client machine and directory;
* ``misc.app_name`` — the application description (JDBC: its Java thread
  and jar path; ours: ``informix-db[pid, thread name, program]``);
* ``header.length``, ``misc.length`` — they count the strings above.
  Their consistency with the packet is still checked
  (``*.length_consistent``).

Configuration (user ``informix``, password ``in4mix``, server
``informix``, database ``testdb``, CLIENT_LOCALE ``en_US.8859-1``) is the
same as in the captures, so those fields compare exactly.  Deliberate
differences are listed, with reasons, in docs/parity.md; none of them is
inside these requests.
"""

from __future__ import annotations

import pytest

from informix_db.protocol import capabilities, login, session

from . import sqli_decode as dec
from .captures import client_half

PER_PROCESS = frozenset({
    "pinfo.pid", "pinfo.tid", "pinfo.hostname", "pinfo.cwd", "misc.app_name",
    "header.length", "misc.length",
})

#: The process description in capture g00, to rebuild JDBC's exact bytes.
JDBC_PROCESS = login.ProcessInfo(
    pid=0x48B3,
    tid=1,
    hostname="vm",
    cwd="/home/app/client/src",
    app_name="Thread[id:1, name:main, path:/home/app/client/lib/jdbc-4.50.10.1.jar]",
)


def normalise(fields):
    return [(name, "<per-process>" if name in PER_PROCESS else value) for name, value in fields]


def assert_same_fields(ours, jdbc):
    assert [n for n, _ in ours] == [n for n, _ in jdbc], "the two requests have different fields"
    diffs = [
        f"{name}: ours {a!r} != JDBC {b!r}"
        for (name, a), (_, b) in zip(ours, jdbc)
        if a != b
    ]
    assert not diffs, "fields differ:\n" + "\n".join(diffs)


def test_login_fields_match_jdbc_after_normalising_process_info():
    ours = login.build_login_request("informix", "in4mix", "informix")
    assert_same_fields(normalise(dec.decode_login(ours)), normalise(dec.decode_login(client_half("g00"))))


def test_login_is_byte_identical_to_jdbc_given_jdbc_process_info():
    ours = login.build_login_request("informix", "in4mix", "informix", process=JDBC_PROCESS)
    assert ours == client_half("g00")


def test_login_normalisation_hides_only_per_process_fields():
    # Under a different process description exactly the normalised fields
    # change, so the normalisation hides nothing else.
    other = login.ProcessInfo(pid=7, tid=9, hostname="otherhost", cwd="/x", app_name="app")
    a = dec.decode_login(login.build_login_request("informix", "in4mix", "informix", process=other))
    b = dec.decode_login(client_half("g00"))
    changed = {name for (name, x), (_, y) in zip(a, b) if x != y}
    assert changed == PER_PROCESS


def test_login_lengths_are_consistent_with_the_packet():
    fields = dict(dec.decode_login(login.build_login_request("informix", "in4mix", "informix")))
    assert fields["header.length_consistent"] and fields["misc.length_consistent"]


@pytest.mark.parametrize(
    ("field", "kwargs", "expected"),
    [
        ("bparms.user", {"user": "alice"}, b"alice"),
        ("bparms.password", {"password": "s3cret!"}, b"s3cret!"),
        ("bparms.password", {"password": None}, b""),
        ("initreq.server", {"server": "ol_prod"}, b"ol_prod"),
    ],
)
def test_login_carries_the_given_credentials(field, kwargs, expected):
    args = {"user": "informix", "password": "in4mix", "server": "informix", **kwargs}
    fields = dict(dec.decode_login(login.build_login_request(**args)))
    assert fields[field] == expected


def test_login_announces_the_client_locale():
    env = login.login_environment("en_US.utf8")
    fields = dict(dec.decode_login(login.build_login_request("u", "p", "s", env=env)))
    assert fields["env[CLIENT_LOCALE]"] == b"en_US.utf8"


def test_protocols_matches_jdbc():
    assert_same_fields(
        dec.decode_protocols(session.build_protocols(capabilities.CLIENT_PROTOCOLS)),
        dec.decode_protocols(client_half("g01")),
    )


def test_info_env_matches_jdbc():
    assert_same_fields(dec.decode_info(session.build_info_env()), dec.decode_info(client_half("g02")))


def test_dbopen_matches_jdbc():
    assert_same_fields(dec.decode_dbopen(session.build_dbopen("testdb")), dec.decode_dbopen(client_half("g03")))


def test_exit_matches_jdbc():
    assert_same_fields(dec.decode_exit(session.build_exit()), dec.decode_exit(client_half("g32")))


@pytest.mark.parametrize(
    ("build", "prefix"),
    [
        (lambda: session.build_protocols(capabilities.CLIENT_PROTOCOLS), "g01"),
        (session.build_info_env, "g02"),
        (lambda: session.build_dbopen("testdb"), "g03"),
        (session.build_exit, "g32"),
    ],
    ids=["protocols", "info", "dbopen", "exit"],
)
def test_session_requests_are_byte_identical_to_jdbc(build, prefix):
    assert build() == client_half(prefix)
