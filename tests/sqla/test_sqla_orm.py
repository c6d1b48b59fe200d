"""An ORM session round trip through the dialect."""

from __future__ import annotations

import datetime
import decimal

import pytest

sqlalchemy = pytest.importorskip("sqlalchemy")

from sqlalchemy import ForeignKey, String, select  # noqa: E402
from sqlalchemy.orm import (  # noqa: E402
    DeclarativeBase, Mapped, Session, mapped_column, relationship,
)


class Base(DeclarativeBase):
    pass


class Customer(Base):
    __tablename__ = "sa_orm_customer"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    orders: Mapped[list[Order]] = relationship(back_populates="customer",
                                               cascade="all, delete-orphan")


class Order(Base):
    __tablename__ = "sa_orm_order"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("sa_orm_customer.id"))
    total: Mapped[decimal.Decimal] = mapped_column(sqlalchemy.Numeric(10, 2))
    placed: Mapped[datetime.datetime]
    customer: Mapped[Customer] = relationship(back_populates="orders")


@pytest.fixture
def tables(engine):
    Base.metadata.create_all(engine)
    yield
    Base.metadata.drop_all(engine)


def test_orm_session_round_trip(engine, tables):
    placed = datetime.datetime(2024, 5, 6, 7, 8, 9)
    with Session(engine) as session:
        c = Customer(name="Ada", orders=[Order(total=decimal.Decimal("9.50"), placed=placed),
                                         Order(total=decimal.Decimal("1.25"), placed=placed)])
        session.add(c)
        session.commit()
        cid = c.id
        assert cid is not None and all(o.id for o in c.orders)
    with Session(engine) as session:
        c = session.scalars(select(Customer).where(Customer.id == cid)).one()
        assert c.name == "Ada"
        assert sorted(o.total for o in c.orders) == [decimal.Decimal("1.25"),
                                                     decimal.Decimal("9.50")]
        c.name = "Ada L."
        session.delete(c.orders[0])
        session.commit()
    with Session(engine) as session:
        c = session.get(Customer, cid)
        assert c.name == "Ada L." and len(c.orders) == 1
