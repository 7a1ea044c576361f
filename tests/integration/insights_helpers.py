"""Deal intelligence tests: a committee deal on the test's table, and the table's real stream handed to
commerce.streams.handle in batches (as Lambda's mapping and the devstack poller do)."""
from __future__ import annotations

from dataclasses import dataclass

from commerce import streams
from commerce.services import selectors
from dealroom.persistence import keys
from dealroom.services import approvals, quote
from dealroom.services.deals import deal_create
from dealroom.services.invites import invite_accept
from devstack.stream_poller import StreamPoller
from tests import factories
from tests.table import set_attributes

COMMITTEE = (("erin@north.test", "economic_buyer", "Erin"), ("tom@north.test", "technical_buyer", "Tom"),
             ("lee@north.test", "legal", "Lee"))
DAY = 86400


@dataclass
class CommitteeDeal:
    deal_id: str
    users: dict[str, str]  # role -> user id
    invites: dict[str, str]  # email -> invitation link

    def version(self) -> int:
        from dealroom.services.log import deal_read

        return selectors.cart_get(cart_id=deal_read(self.deal_id).cart_id).version

    def approve(self, *roles: str) -> None:
        version = self.version()
        for role in roles:
            approvals.approval_give(deal_id=self.deal_id, user_id=self.users[role], quote_version=version)


def committee_deal(*, name: str = "Northwind", sku: str = "SEAT", legal_silent_days: int = 0) -> CommitteeDeal:
    """A negotiation-stage deal whose three required roles joined; a quote of 3 seats. With
    `legal_silent_days`, the deal, its stage and legal's last sign of life are that many days old."""
    factories.product(sku, price=10000, stock=50)
    created = deal_create(account_name=name, owner="rep@quorum.test", base_url="http://testserver",
                          members=COMMITTEE, stage="negotiation", expected_value=3_000_000,
                          meddpicc={"metrics": "cut freight cost 12%", "identified_pain": "late shipments",
                                    "competition": "Acme Freight", "champion": "Sam Lee"})
    users = {role: invite_accept(token=created.invites[email].rstrip("/").rsplit("/", 1)[1]).user.id
             for email, role, _ in COMMITTEE}
    quote.quote_line_set(deal_id=created.deal.id, user_id=users["technical_buyer"], sku=sku, quantity=3)
    if legal_silent_days:
        backdate(created.deal.id, users["legal"], days=legal_silent_days)
    return CommitteeDeal(deal_id=created.deal.id, users=users, invites=dict(created.invites))


def backdate(deal_id: str, legal_user_id: str, *, days: int) -> None:
    """Time travel: the deal began `days` ago and legal has not been seen since."""
    import time

    then = int(time.time()) - days * DAY
    set_attributes(keys.deal_pk(deal_id), keys.DEAL_SK, created_at=then, stage_changed_at=then)
    set_attributes(keys.deal_pk(deal_id), keys.member_sk(legal_user_id), joined_at=then, last_seen_at=then)


class StreamTap:
    """Every record of the table's stream not handed out yet, in order."""

    def __init__(self, table: str) -> None:
        self.poller = StreamPoller(table=table, from_start=True)
        self.arn = self.poller.stream_arn()

    def records(self) -> list[dict]:
        self.poller._refresh_shards(self.arn)
        found = []
        for shard_id, iterator in list(self.poller.iterators.items()):
            while iterator:
                page = self.poller.client.get_records(ShardIterator=iterator, Limit=1000)
                found += page["Records"]
                iterator = page.get("NextShardIterator")
                if not page["Records"]:
                    break
            self.poller.iterators[shard_id] = iterator
        return found

    def handle(self) -> list[dict]:
        """One batch of everything new through commerce.streams.handle (every registered handler)."""
        records = self.records()
        assert streams.handle({"Records": records}) == {"batchItemFailures": []}
        return records
