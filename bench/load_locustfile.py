"""Locust users for `bench/bench_load.py`: browsing, filing and reviewing at once.

Fixture (LOAD_FIXTURE, JSON): partner slugs, seller tokens each with their own
eligible covered orders, reviewer tokens. Every claim a filer submits and every
decision a reviewer makes is counted client-side into LOAD_RESULTS (one JSON line
per event) so that bench_load.py can check afterwards that none was lost.
"""

import itertools
import json
import os
import random
import threading
from pathlib import Path

from locust import HttpUser, between, task

FIXTURE = json.loads(Path(os.environ["LOAD_FIXTURE"]).read_text(encoding="utf-8"))
RESULTS = open(os.environ["LOAD_RESULTS"], "a", encoding="utf-8")  # noqa: SIM115 (open for the whole run)
_lock = threading.Lock()
_sellers = itertools.cycle(FIXTURE["sellers"])
_reviewers = itertools.cycle(FIXTURE["reviewers"])
PDF = (  # a whole PDF: uploads check its xref, trailer and startxref
    b"%PDF-1.4\n1 0 obj<<>>endobj\nxref\n0 2\n0000000000 65535 f \n0000000009 00000 n \n"
    b"trailer<</Size 2>>\nstartxref\n27\n%%EOF\n"
)
SEARCHES = ["catalogue", "gst", "photos", "advertising", "logistics", "account", "packaging", "brand"]


def record(kind, **data):
    with _lock:
        RESULTS.write(json.dumps({"kind": kind, **data}) + "\n")
        RESULTS.flush()


class Browser(HttpUser):
    """A visitor: home, search, filters, profiles, the public API."""

    weight = 6
    wait_time = between(0.5, 2)

    @task(2)
    def home(self):
        self.client.get("/", name="home")

    @task(4)
    def search(self):
        q = random.choice(SEARCHES)
        self.client.get(f"/partners/?q={q}&guaranteed=1", name="directory_search")

    @task(2)
    def directory(self):
        self.client.get(f"/partners/?page={random.randint(1, 5)}", name="directory")

    @task(4)
    def profile(self):
        self.client.get(f"/partners/{random.choice(FIXTURE['slugs'])}/", name="profile")

    @task(1)
    def api_search(self):
        self.client.get(f"/api/v1/partners/?q={random.choice(SEARCHES)}", name="api_partners_search")


class Filer(HttpUser):
    """A seller filing claims through the API: draft, invoice, submit."""

    weight = 2
    wait_time = between(1, 3)

    def on_start(self):
        with _lock:
            self.seller = next(_sellers)
        self.headers = {"Authorization": f"Token {self.seller['token']}"}
        self.orders = list(self.seller["orders"])

    @task
    def file_claim(self):
        if not self.orders:
            self.client.get("/api/v1/claims/", headers=self.headers, name="api_claims_list")
            return
        order = self.orders.pop()
        draft = self.client.post(
            "/api/v1/claims/",
            json={
                "order": order,
                "reason": "not_completed_as_agreed",
                "description": "Half of the listings were never created.",
                "resolution_attempt": "Raised it twice with the partner by e-mail; no fix.",
                "resolution_confirmed": True,
                "remedy": "partial_refund",
                "amount": "2500.00",
            },
            headers=self.headers,
            name="api_claim_draft",
        )
        if draft.status_code != 201:
            return
        ref = draft.json()["reference"]
        self.client.post(
            f"/api/v1/claims/{ref}/documents/",
            files={"file": ("invoice.pdf", PDF, "application/pdf")},
            data={"kind": "invoice"},
            headers=self.headers,
            name="api_claim_document",
        )
        submitted = self.client.post(
            f"/api/v1/claims/{ref}/submit/", json={}, headers=self.headers, name="api_claim_submit"
        )
        if submitted.status_code == 200:
            record("claim_submitted", reference=submitted.json()["reference"], order=order)


class Reviewer(HttpUser):
    """Support staff: the queue, take next, decide."""

    weight = 2
    wait_time = between(1, 3)

    def on_start(self):
        with _lock:
            token = next(_reviewers)
        self.headers = {"Authorization": f"Token {token}"}

    @task(3)
    def queue(self):
        self.client.get("/api/v1/review/claims/", headers=self.headers, name="api_review_queue")

    @task(2)
    def take_and_decide(self):
        taken = self.client.post(
            "/api/v1/review/take-next/", headers=self.headers, name="api_review_take_next"
        )
        if taken.status_code != 200:
            return
        claim = taken.json()
        decided = self.client.post(
            f"/api/v1/review/claims/{claim['reference']}/decide/",
            json={
                "outcome": "partially_upheld",
                "remedy": "partial_refund",
                "amount": "1000.00",
                "reason_code": FIXTURE["reason_code"],
                "rationale": "The invoice and the partner's answer show half of the work was delivered.",
                "version": claim["version"],
            },
            headers=self.headers,
            name="api_review_decide",
        )
        if decided.status_code == 200:
            record("claim_decided", reference=claim["reference"])
