"""Sample records for a `crm` tenant: the same data on every run, dated relative to today.

A fixed seed picks every name, company, amount and date offset, so demos, screenshots and
tests see the same records (only the generated ids differ). Dates are offsets from the
current day, so "last 30 days" views, lead-pool recycling and recency scores stay alive.
Relations are consistent: a customer's opportunities, activities and converted leads
belong to the customer's owner; tickets are owned by support agents.
"""
from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from ..database import read_transaction, write_transaction
from ..loader import load_model
from ..model import TenantModel
from ..storage import RecordStore, unrestricted

SEED = 20_240_601
SALES_REPS = ("u-alice", "u-bob", "u-carol", "u-dave", "u-erin")
SUPPORT_AGENTS = ("u-sam", "u-tara")
DEMO_ACTOR = "demo-loader"
COUNTS = {"customer": 200, "lead": 300, "opportunity": 150, "ticket": 400, "activity": 600}
POOL_LEADS = 60

FIRST_NAMES = (
    "Maria James Aiko Lucas Fatima Noah Elena Omar Sofia Liam Priya Mateo Chloe Kwame Hannah "
    "Ravi Isabel Yuki Daniel Amara Jonas Leila Ethan Nadia Tomas Grace Arjun Mei Samuel Zara"
).split()
LAST_NAMES = (
    "Garcia Smith Tanaka Okafor Rossi Novak Haddad Larsen Kim Silva Patel Dubois Schmidt "
    "Mensah Ivanova Chen Moreau Nakamura Brown Costa"
).split()
COMPANY_HEADS = "North Blue Silver Bright Iron Green Summit Harbor Cedar Atlas".split()
COMPANY_TAILS = "wind peak field stone bridge line gate river".split()
COMPANY_KINDS = {
    "Software": "technology", "Analytics": "technology", "Capital": "finance",
    "Insurance": "finance", "Health": "healthcare", "Manufacturing": "manufacturing",
    "Retail": "retail", "Foods": "retail", "Learning": "education",
    "Public Works": "government", "Energy": "energy", "Logistics": "other",
}
"""Company kind -> the customer's `industry` option."""
PRODUCTS = (
    "Platform licence", "Support plan", "Onboarding", "Data migration", "Analytics add-on",
    "Renewal",
)
TICKET_TOPICS = (
    ("Cannot log in", "The user gets an error after entering their password."),
    ("Invoice amount looks wrong", "The last invoice does not match the agreed price."),
    ("Export to CSV fails", "Exporting the report stops halfway with a timeout."),
    ("Feature request: bulk edit", "The team would like to edit many records at once."),
    ("Slow dashboard", "The dashboard takes more than ten seconds to load."),
    ("Change billing address", "Please update the billing address on the account."),
    ("Integration sync stopped", "The nightly sync has not run since the weekend."),
    ("Password reset email missing", "The reset email never arrives."),
)
ACTIVITY_SUBJECTS = {
    "call": "Call about {topic}", "email": "Sent notes on {topic}", "meeting": "Meeting: {topic}",
    "visit": "On-site visit, {topic}", "note": "Note on {topic}",
}
TOPICS = (
    "pricing", "renewal", "the new proposal", "a product demo", "contract terms", "onboarding",
    "a support issue",
)
NOTES = (None, "Follow up next week.", "Sent the requested documents.", "Positive feedback.")
SOURCES = ("web", "referral", "event", "ads", "social", "other")
TAGS = ("vip", "partner", "reseller", "newsletter")
LIFECYCLE = {"prospect": 20, "new": 30, "loyal": 40, "churned": 10}
LEAD_STATUSES = {"new": 30, "contacted": 25, "qualified": 20, "disqualified": 10, "converted": 15}
PROBABILITY = {"discovery": 10.0, "proposal": 35.0, "negotiation": 60.0, "won": 100.0, "lost": 0.0}


class DemoData:
    """Generates the records of each object; relation ids are passed in once inserted."""

    def __init__(self, today: dt.datetime) -> None:
        self.rng = random.Random(SEED)
        self.today = today
        self.customer_owners: list[str] = []

    def _pick(self, options: dict[str, int]) -> str:
        """One key of `options`, weighted by its value."""
        return self.rng.choices(tuple(options), tuple(options.values()))[0]

    def _person(self) -> tuple[str, str, str, str]:
        """A name, company, email and phone that belong together."""
        rng = self.rng
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        head, tail = rng.choice(COMPANY_HEADS), rng.choice(COMPANY_TAILS)
        kind = rng.choice(tuple(COMPANY_KINDS))
        email = f"{first}.{last}@{head}{tail}.example".lower()
        phone = f"+1 555 {rng.randint(100, 999)} {rng.randint(1000, 9999)}"
        return f"{first} {last}", f"{head}{tail} {kind}", email, phone

    def _days_ago(self, low: int, high: int) -> dt.datetime:
        days, minutes = self.rng.randint(low, high), self.rng.randint(0, 1439)
        return self.today - dt.timedelta(days=days, minutes=minutes)

    def _days_ahead(self, low: int, high: int) -> dt.datetime:
        return self.today + dt.timedelta(days=self.rng.randint(low, high))

    def customers(self) -> list[dict[str, Any]]:
        rng, items = self.rng, []
        for _ in range(COUNTS["customer"]):
            name, company, email, phone = self._person()
            tier = self._pick({"bronze": 40, "silver": 30, "gold": 20, "platinum": 10})
            scale = {"bronze": 1, "silver": 5, "gold": 20, "platinum": 100}[tier]
            owner = rng.choice(SALES_REPS)
            self.customer_owners.append(owner)
            tags = rng.sample(TAGS, rng.choice((0, 0, 1, 2)))
            birthday = dt.date(rng.randint(1958, 2001), rng.randint(1, 12), rng.randint(1, 28))
            items.append({
                "name": name, "email": email, "phone": phone, "company": company,
                "industry": COMPANY_KINDS[company.split(" ", 1)[1]],
                "annualRevenue": Decimal(rng.randint(50, 500) * scale * 1000),
                "tier": tier,
                "lifecycleStage": self._pick(LIFECYCLE),
                "tags": tags,
                "birthday": birthday,
                "source": rng.choice(SOURCES),
                "satisfaction": rng.choice((None, 2, 3, 4, 4, 5, 5)),
                "ownerId": owner,
            })
        return items

    def leads(self, customer_ids: Sequence[str]) -> list[dict[str, Any]]:
        """The first POOL_LEADS leads are unowned (the pool); converted ones name a customer."""
        rng, items = self.rng, []
        for index in range(COUNTS["lead"]):
            name, company, email, phone = self._person()
            pooled = index < POOL_LEADS
            lead: dict[str, Any] = {
                "name": name, "email": email, "phone": phone, "company": company,
                "source": rng.choice(SOURCES),
                "status": "new" if pooled else self._pick(LEAD_STATUSES),
                "score": rng.randint(0, 100),
                "lastFollowUpAt": None if pooled else self._days_ago(0, 60),
                "ownerId": None if pooled else rng.choice(SALES_REPS),
            }
            if lead["status"] == "converted":
                customer = rng.randrange(len(customer_ids))
                lead["customerId"] = customer_ids[customer]
                lead["ownerId"] = self.customer_owners[customer]
            items.append(lead)
        return items

    def opportunities(self, customer_ids: Sequence[str]) -> list[dict[str, Any]]:
        rng, items = self.rng, []
        stages = {"discovery": 20, "proposal": 20, "negotiation": 15, "won": 30, "lost": 15}
        for _ in range(COUNTS["opportunity"]):
            customer = rng.randrange(len(customer_ids))
            stage = self._pick(stages)
            closed = stage in ("won", "lost")
            items.append({
                "name": f"{rng.choice(PRODUCTS)} #{rng.randint(100, 999)}",
                "customerId": customer_ids[customer],
                "stage": stage,
                "amount": Decimal(rng.randint(10, 400) * 250),
                "probability": PROBABILITY[stage],
                "expectedCloseDate": None if closed else self._days_ahead(7, 120).date(),
                "closedAt": self._days_ago(1, 540) if closed else None,
                "ownerId": self.customer_owners[customer],
            })
        return items

    def tickets(self, customer_ids: Sequence[str]) -> list[dict[str, Any]]:
        rng, items = self.rng, []
        for _ in range(COUNTS["ticket"]):
            subject, description = rng.choice(TICKET_TOPICS)
            status = self._pick({"open": 25, "pending": 15, "resolved": 30, "closed": 30})
            done = status in ("resolved", "closed")
            items.append({
                "subject": subject, "description": description,
                "customerId": rng.choice(customer_ids),
                "status": status,
                "priority": self._pick({"low": 25, "normal": 45, "high": 20, "urgent": 10}),
                "channel": rng.choice(("phone", "email", "social", "web")),
                "satisfaction": rng.randint(1, 5) if done else None,
                "resolvedAt": self._days_ago(0, 180) if done else None,
                "ownerId": rng.choice(SUPPORT_AGENTS),
            })
        return items

    def activities(
        self,
        customer_ids: Sequence[str],
        leads: Sequence[tuple[str, str | None]],
        opportunities: Sequence[tuple[str, str, str]],
    ) -> list[dict[str, Any]]:
        """A third about deals (and their customer), a third about customers, a third about leads.

        `leads` are (id, owner); `opportunities` are (id, customer id, owner).
        """
        rng, items = self.rng, []
        for _ in range(COUNTS["activity"]):
            kind = rng.choice(tuple(ACTIVITY_SUBJECTS))
            activity: dict[str, Any] = {
                "subject": ACTIVITY_SUBJECTS[kind].format(topic=rng.choice(TOPICS)),
                "type": kind,
                "notes": rng.choice(NOTES),
                "occurredAt": self._days_ago(0, 365),
                "nextFollowUpAt": self._days_ahead(1, 30) if rng.random() < 0.3 else None,
            }
            roll = rng.random()
            if roll < 1 / 3:
                deal, customer_id, owner = rng.choice(opportunities)
                activity.update(opportunityId=deal, customerId=customer_id, ownerId=owner)
            elif roll < 2 / 3:
                customer = rng.randrange(len(customer_ids))
                activity.update(
                    customerId=customer_ids[customer], ownerId=self.customer_owners[customer]
                )
            else:
                lead, lead_owner = rng.choice(leads)
                activity.update(leadId=lead, ownerId=lead_owner or rng.choice(SALES_REPS))
            items.append(activity)
        return items


async def load_demo_data(
    engine: AsyncEngine, tenant_id: str, today: dt.datetime | None = None
) -> dict[str, int]:
    """Insert the demo records into a `crm` tenant, one bulk insert and transaction per object.

    Returns how many records of each object were created.
    """
    async with read_transaction(engine) as conn:
        model = await load_model(conn, tenant_id)
    midnight = dt.datetime.now(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    demo = DemoData(today or midnight)
    customers = await _insert(engine, model, "customer", demo.customers())
    lead_items = demo.leads(customers)
    leads = await _insert(engine, model, "lead", lead_items)
    deal_items = demo.opportunities(customers)
    deals = await _insert(engine, model, "opportunity", deal_items)
    await _insert(engine, model, "ticket", demo.tickets(customers))
    lead_owners = [(id, item["ownerId"]) for id, item in zip(leads, lead_items)]
    deal_owners = [(id, item["customerId"], item["ownerId"]) for id, item in zip(deals, deal_items)]
    activities = demo.activities(customers, lead_owners, deal_owners)
    await _insert(engine, model, "activity", activities)
    return dict(COUNTS)


async def _insert(
    engine: AsyncEngine, model: TenantModel, object_name: str, items: list[dict[str, Any]]
) -> list[str]:
    """One transaction, one bulk insert (validated and audited by the record store).

    Returns the new ids in the order of `items`.
    """
    obj = model.objects_by_name[object_name]
    # Cursors are never made here, so the store needs no signing secret.
    store = RecordStore(model, unrestricted(model), DEMO_ACTOR, secret="")
    async with write_transaction(engine) as conn:
        rows = await store.create_many(conn, obj, items)
    return [row["id"] for row in rows]
