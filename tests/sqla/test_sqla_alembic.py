"""Alembic on Informix: autogenerate against the test server, upgrade, downgrade."""

from __future__ import annotations

import pytest

sqlalchemy = pytest.importorskip("sqlalchemy")
alembic = pytest.importorskip("alembic")

from alembic import command  # noqa: E402
from alembic.autogenerate import compare_metadata  # noqa: E402
from alembic.config import Config  # noqa: E402
from alembic.migration import MigrationContext  # noqa: E402
from alembic.operations import Operations  # noqa: E402
from sqlalchemy import Column, Integer, String, Table, inspect  # noqa: E402

ENV_PY = '''
from alembic import context
from sqlalchemy import create_engine
import informix_db.sqlalchemy  # noqa: F401 - registers InformixImpl
import models

config = context.config
engine = create_engine(config.get_main_option("sqlalchemy.url"))
with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=models.metadata)
    with context.begin_transaction():
        context.run_migrations()
engine.dispose()
'''

MODELS_PY = '''
from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table
metadata = MetaData()
Table("{name}_a", metadata, Column("id", Integer, primary_key=True),
      Column("title", String(40), nullable=False), Column("note", String(100)))
Table("{name}_b", metadata, Column("id", Integer, primary_key=True),
      Column("a_id", Integer, ForeignKey("{name}_a.id"), index=True))
'''

SCRIPT_MAKO = '''"""${message}"""
from alembic import op
import sqlalchemy as sa
${imports if imports else ""}
revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = None
depends_on = None


def upgrade():
    ${upgrades if upgrades else "pass"}


def downgrade():
    ${downgrades if downgrades else "pass"}
'''


@pytest.fixture
def project(tmp_path, url, name, monkeypatch):
    (tmp_path / "versions").mkdir()
    (tmp_path / "env.py").write_text(ENV_PY)
    (tmp_path / "script.py.mako").write_text(SCRIPT_MAKO)
    (tmp_path / "models.py").write_text(MODELS_PY.format(name=name))
    monkeypatch.syspath_prepend(str(tmp_path))
    cfg = Config()
    cfg.set_main_option("script_location", str(tmp_path))
    cfg.set_main_option("sqlalchemy.url", url)
    return cfg


def test_autogenerate_upgrade_downgrade(project, engine, name):
    command.revision(project, message="create", autogenerate=True, rev_id="r1")
    script = next((p for p in project_dir(project).glob("versions/*.py")))
    body = script.read_text()
    assert f"op.create_table('{name}_a'" in body and f"op.create_table('{name}_b'" in body
    command.upgrade(project, "head")
    insp = inspect(engine)
    assert insp.has_table(f"{name}_a") and insp.has_table(f"{name}_b")
    assert [ix["name"] for ix in insp.get_indexes(f"{name}_b")] == [f"ix_{name}_b_a_id"]
    command.downgrade(project, "base")
    insp = inspect(engine)
    assert not insp.has_table(f"{name}_a") and not insp.has_table(f"{name}_b")
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE alembic_version")


def project_dir(cfg):
    from pathlib import Path

    return Path(cfg.get_main_option("script_location"))


def test_autogenerate_finds_no_diff_after_create_all(engine, metadata, name):
    Table(f"{name}_x", metadata, Column("id", Integer, primary_key=True),
          Column("title", String(40), nullable=False, server_default="t"),
          Column("n", Integer))
    metadata.create_all(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []


def test_add_and_drop_column_operations(engine, metadata, name):
    Table(name, metadata, Column("id", Integer, primary_key=True))
    metadata.create_all(engine)
    with engine.begin() as conn:
        op = Operations(MigrationContext.configure(conn))
        op.add_column(name, Column("extra", String(20)))
        assert "extra" in [c["name"] for c in inspect(conn).get_columns(name)]
        op.drop_column(name, "extra")
        assert "extra" not in [c["name"] for c in inspect(conn).get_columns(name)]


def test_add_column_compiles_without_column_keyword(engine):
    ctx = MigrationContext.configure(dialect_name="informix", opts={"as_sql": True})
    buf = []
    ctx.impl.output_buffer = type("B", (), {"write": lambda self, s: buf.append(s),
                                            "flush": lambda self: None})()
    op = Operations(ctx)
    op.add_column("t", Column("c", Integer, nullable=False))
    op.alter_column("t", "c", type_=String(10), existing_nullable=False)
    sql = "".join(buf)
    assert "ALTER TABLE t ADD c INTEGER NOT NULL" in sql
    assert "ALTER TABLE t MODIFY (c VARCHAR(10) NOT NULL)" in sql


