"""The CRM benchmark dataset: the perf anchor's generator, ported call for call.

The anchor compares PostGraphile with raw SQL on data drawn from one seeded PRNG. To
compare metacrm on the *same* rows, every `random` call below happens in the anchor's
order with the anchor's arguments, so a seed and sizes give identical values; the
anchor's COPY text can be rebuilt (`copy_text`) and its SHA-256 compared.

Rows come out as tuples in anchor column order; `bench.loader` turns them into
`createCustomers` / `createLeads` / `createTickets` inputs.
"""

from __future__ import annotations

import hashlib
import math
import random
import time
from dataclasses import dataclass, field
from typing import Any

FIRST = (
    "James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara "
    "Richard Susan Joseph Jessica Thomas Sarah Charles Karen Christopher Lisa Daniel Nancy "
    "Matthew Betty Anthony Sandra Mark Margaret Donald Ashley Steven Kimberly Paul Emily "
    "Andrew Donna Joshua Michelle Kenneth Carol Kevin Amanda Brian Melissa George Deborah "
    "Timothy Stephanie Ronald Rebecca Jason Sharon Edward Laura Jeffrey Cynthia Ryan Amy"
).split()
LAST = (
    "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez "
    "Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White "
    "Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres "
    "Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts"
).split()
CO_A = (
    "Acme Globex Initech Umbrella Stark Wayne Wonka Tyrell Cyberdyne Soylent Hooli Vandelay "
    "Massive Dynamic Aperture Oscorp Gringotts Monarch Pied Piper Nakatomi Blue Sun Virtucon "
    "Prestige Gekko Sterling Dunder Bluth Kramerica Spacely Cogswell Yoyodyne Zorg Ollivander "
    "Duff Krusty Buy-n-Large Omni Weyland Tessier"
).split()
CO_B = (
    "Systems Labs Industries Holdings Partners Solutions Group Works Dynamics Analytics Logistics "
    "Foods Energy Media Capital"
).split()
CO_C = ["Inc", "LLC", "Ltd", "GmbH", "SA", "Corp"]
INDUSTRIES = [
    "software",
    "finance",
    "healthcare",
    "retail",
    "manufacturing",
    "education",
    "energy",
    "logistics",
    "media",
    "telecom",
    "hospitality",
    "government",
]
TAGS = [
    "vip",
    "churn-risk",
    "newsletter",
    "partner",
    "beta",
    "enterprise-trial",
    "upsell",
    "reference",
    "gdpr",
    "slow-payer",
    "strategic",
    "event-2024",
]
TIERS = ["enterprise", "premium", "standard", "free"]
LEAD_SOURCES = ["web", "referral", "event", "cold_call", "partner", "ads", "social"]
LEAD_STATUS = ["new", "contacted", "qualified", "unqualified", "converted"]
TICKET_STATUS = ["open", "in_progress", "waiting", "resolved", "closed"]
PRIORITIES = ["low", "medium", "high", "urgent"]
TOPICS = [
    "Cannot log in",
    "Invoice question",
    "Feature request",
    "Data export",
    "API error",
    "Slow dashboard",
    "Password reset",
    "Billing address change",
    "SSO setup",
    "Integration broken",
    "Report mismatch",
    "Account upgrade",
    "Mobile app crash",
    "Permission issue",
    "Webhook retries",
    "Import failed",
]
DETAILS = [
    "for EU region",
    "since last update",
    "on admin page",
    "urgent",
    "for new users",
    "in production",
    "after migration",
    "with CSV",
    "on Safari",
    "for API v2",
    "during checkout",
    "for sub-accounts",
]

T0 = 1546300800  # 2019-01-01T00:00:00Z
T_END = 1735689600  # 2025-01-01T00:00:00Z
SPAN = T_END - T0
MIN_REVENUES = ("50000", "1000000", "10000000", "100000000")

Customer = tuple[int, str, str, str, str, str, str, str, int, int, list[str]]
"""id, name, email, phone, company, industry, revenue (2 decimals), tier, owner, created, tags"""
Lead = tuple[int, str, str, str, int, int, int | None, int]
"""id, name, source, status, score, owner, customer id or None, created"""
Ticket = tuple[int, int, str, str, str, int, int | None]
"""id, customer id, subject, status, priority, created, closed or None"""


@dataclass(frozen=True)
class Sizes:
    customers: int = 100_000
    leads: int = 200_000
    tickets: int = 500_000
    owners: int = 200
    seed: int = 42

    def scaled(self, scale: float) -> "Sizes":
        """Fewer rows with the same shape; owners stay (Q4 keeps its 200 variable sets)."""
        customers = max(1, round(self.customers * scale))
        return Sizes(
            customers,
            max(1, round(self.leads * scale)),
            max(1, round(self.tickets * scale)),
            min(self.owners, customers),
            self.seed,
        )


@dataclass
class Dataset:
    sizes: Sizes
    customers: list[Customer] = field(default_factory=list)
    leads: list[Lead] = field(default_factory=list)
    tickets: list[Ticket] = field(default_factory=list)


def ts(t: int) -> str:
    """The anchor's COPY text of a timestamp."""
    return time.strftime("%Y-%m-%d %H:%M:%S+00", time.gmtime(t))


def iso(t: int) -> str:
    """The same instant as an API DateTime."""
    return time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(t))


def gen_customers(rnd: random.Random, n: int, owners: int) -> list[Customer]:
    out: list[Customer] = []
    lo, hi = math.log(1e4), math.log(5e8)
    r, ri, ch, ex = rnd.random, rnd.randint, rnd.choice, math.exp
    for cid in range(1, n + 1):
        first, last = ch(FIRST), ch(LAST)
        co_a, co_b = ch(CO_A), ch(CO_B)
        company = f"{co_a} {co_b} {ch(CO_C)}"
        domain = f"{co_a.lower()}-{co_b.lower()}.example.com"
        email = f"{first.lower()}.{last.lower()}{cid}@{domain}"
        phone = f"+1-{ri(200, 999)}-555-{ri(0, 9999):04d}"
        industry = ch(INDUSTRIES)
        revenue = ex(lo + (hi - lo) * r())
        x = r()
        if revenue > 5e7:
            tier = "enterprise" if x < 0.8 else "premium"
        elif revenue > 5e6:
            tier = "premium" if x < 0.6 else "standard"
        else:
            tier = "standard" if x < 0.7 else "free"
        owner = ri(1, owners)
        t = T0 + int(SPAN * r())
        k = ri(0, 3)
        tags = rnd.sample(TAGS, k) if k else []
        out.append(
            (
                cid,
                f"{first} {last}",
                email,
                phone,
                company,
                industry,
                f"{revenue:.2f}",
                tier,
                owner,
                t,
                tags,
            )
        )
    return out


def gen_leads(rnd: random.Random, n: int, owners: int, customers: int) -> list[Lead]:
    out: list[Lead] = []
    r, ri, ch = rnd.random, rnd.randint, rnd.choice
    for lid in range(1, n + 1):
        name = f"{ch(FIRST)} {ch(LAST)}"
        source = ch(LEAD_SOURCES)
        x = r()
        status = (
            "new"
            if x < 0.30
            else "contacted"
            if x < 0.55
            else "qualified"
            if x < 0.72
            else "unqualified"
            if x < 0.87
            else "converted"
        )
        score = ri(0, 100)
        owner = ri(1, owners)
        cust = ri(1, customers) if status == "converted" or r() < 0.10 else None
        t = T0 + int(SPAN * r())
        out.append((lid, name, source, status, score, owner, cust, t))
    return out


def gen_tickets(rnd: random.Random, n: int, customers: list[Customer]) -> list[Ticket]:
    out: list[Ticket] = []
    r, ri, ch = rnd.random, rnd.randint, rnd.choice
    count = len(customers)
    for tid in range(1, n + 1):
        # skewed: low customer ids have many tickets, high ids few (power 1.5)
        cid = min(count, int(count * r() ** 1.5) + 1)
        c0 = customers[cid - 1][9]
        t = c0 + int((T_END - c0) * r())
        subject = f"{ch(TOPICS)} {ch(DETAILS)}"
        x = r()
        status = (
            "open"
            if x < 0.18
            else "in_progress"
            if x < 0.28
            else "waiting"
            if x < 0.35
            else "resolved"
            if x < 0.55
            else "closed"
        )
        y = r()
        priority = "low" if y < 0.35 else "medium" if y < 0.75 else "high" if y < 0.93 else "urgent"
        closed = min(T_END, t + ri(600, 30 * 86400)) if status in ("resolved", "closed") else None
        out.append((tid, cid, subject, status, priority, t, closed))
    return out


def generate(sizes: Sizes) -> Dataset:
    """Customers, then leads, then tickets, from one PRNG: the anchor's order."""
    rnd = random.Random(sizes.seed)
    customers = gen_customers(rnd, sizes.customers, sizes.owners)
    leads = gen_leads(rnd, sizes.leads, sizes.owners, sizes.customers)
    tickets = gen_tickets(rnd, sizes.tickets, customers)
    return Dataset(sizes, customers, leads, tickets)


def params(sizes: Sizes, n_q1: int = 1000) -> dict[str, list[dict[str, Any]]]:
    """The anchor's variable sets (q1 ids are anchor numbers; the loader maps them to ids)."""
    rnd = random.Random(sizes.seed * 7919 + 1)
    q1 = [{"id": rnd.randint(1, sizes.customers)} for _ in range(n_q1)]
    q2 = [{"industry": ind, "minRevenue": rev} for ind in INDUSTRIES for rev in MIN_REVENUES]
    rnd.shuffle(q2)
    q4 = [{"ownerId": o} for o in range(1, sizes.owners + 1)]
    rnd.shuffle(q4)
    return {"q1": q1, "q2": q2, "q3": q2, "q4": q4}


# ---------------------------------------------------------------- the anchor's COPY text


def _copy_customers(rows: list[Customer]) -> bytes:
    return "".join(
        f"{c[0]}\t{c[1]}\t{c[2]}\t{c[3]}\t{c[4]}\t{c[5]}\t{c[6]}\t{c[7]}\t{c[8]}\t{ts(c[9])}\t"
        "{" + ",".join(c[10]) + "}\n"
        for c in rows
    ).encode()


def _copy_leads(rows: list[Lead]) -> bytes:
    return "".join(
        f"{lead[0]}\t{lead[1]}\t{lead[2]}\t{lead[3]}\t{lead[4]}\t{lead[5]}\t"
        f"{lead[6] if lead[6] is not None else chr(92) + 'N'}\t{ts(lead[7])}\n"
        for lead in rows
    ).encode()


def _copy_tickets(rows: list[Ticket]) -> bytes:
    return "".join(
        f"{t[0]}\t{t[1]}\t{t[2]}\t{t[3]}\t{t[4]}\t{ts(t[5])}\t"
        f"{ts(t[6]) if t[6] is not None else chr(92) + 'N'}\n"
        for t in rows
    ).encode()


def fingerprints(data: Dataset) -> dict[str, str]:
    """SHA-256 of each table's COPY text, comparable with the anchor's `--hash-only`."""
    return {
        "customer": hashlib.sha256(_copy_customers(data.customers)).hexdigest(),
        "lead": hashlib.sha256(_copy_leads(data.leads)).hexdigest(),
        "ticket": hashlib.sha256(_copy_tickets(data.tickets)).hexdigest(),
    }
