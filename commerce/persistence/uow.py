"""The unit of work: one Transaction and the stores that read and add intents to it.

A service asks `unit_of_work()` for a fresh one per attempt, reads through its stores (domain objects),
decides with the domain's rules, adds intents, and commits once. Tests of service decisions swap the
factory for an in-memory one (`use`); the DynamoDB Local tests keep the real one for conditions and races.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Optional, TypeVar

from commerce.persistence import retry
from commerce.persistence.carts import CartStore
from commerce.persistence.catalog import ProductStore
from commerce.persistence.fanout import PublishedStore
from commerce.persistence.orders import OrderStore
from commerce.persistence.payments import BillingStore, StripeEventStore
from commerce.persistence.payouts import PayoutStore
from commerce.persistence.privacy import PrivacyRequestStore
from commerce.persistence.session_links import SessionLinkStore
from commerce.persistence.staff import AuditStore, ThrottleStore
from commerce.persistence.stock import StockStore
from commerce.persistence.table_scan import TableScan
from commerce.persistence.transaction import Transaction, TransactionCanceled
from commerce.persistence.users import UserStore
from commerce.persistence.vendors import VendorStore

U = TypeVar("U", bound="UnitOfWork")


class UnitOfWork:
    def __init__(self) -> None:
        self.tx = Transaction()
        self.carts = CartStore(self.tx)
        self.products = ProductStore(self.tx)
        self.stock = StockStore(self.tx)
        self.orders = OrderStore(self.tx)
        self.stripe_events = StripeEventStore(self.tx)
        self.billing = BillingStore(self.tx)
        self.users = UserStore(self.tx)
        self.throttles = ThrottleStore(self.tx)
        self.audit = AuditStore(self.tx)
        self.published = PublishedStore(self.tx)
        self.vendors = VendorStore(self.tx)
        self.payouts = PayoutStore(self.tx)
        self.privacy = PrivacyRequestStore(self.tx)
        self.session_links = SessionLinkStore(self.tx)
        self.scan = TableScan()

    def __len__(self) -> int:
        return len(self.tx)

    def commit(self) -> None:
        self.tx.commit()


class Factories:
    """Which unit of work each app's services get (the DynamoDB one, or a test's in-memory one)."""

    commerce: Callable[[], UnitOfWork] = UnitOfWork


def unit_of_work() -> UnitOfWork:
    return Factories.commerce()


def apply(build: Callable[[U], object], *, refused: Callable[[TransactionCanceled], bool] = lambda exc: False,
          busy: str = "others kept changing this while it was being saved; try again",
          factory: Optional[Callable[[], U]] = None) -> bool:
    """Commit the intents `build(u)` adds to a fresh unit of work (from `factory`, commerce's by default),
    planning again on conflicts (the retry policy). True when applied; False when a condition refused it
    and `refused(exc)` calls that expected."""
    def attempt() -> bool:
        u = (factory or unit_of_work)()
        build(u)
        try:
            u.commit()
            return True
        except TransactionCanceled as exc:
            if not exc.conflict and refused(exc):
                return False
            raise

    return retry.attempt(attempt, busy=busy)
