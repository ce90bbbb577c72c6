"""Demo data: claims in every status, with their events, documents and requests."""

import hashlib
import secrets
from datetime import timedelta
from decimal import Decimal

from django.core.files.base import ContentFile

from claims.models import (
    Claim,
    ClaimDocument,
    ClaimEvent,
    InformationRequest,
)
from devdata.demo import data
from partnernet.business_days import add_business_days
from partnernet.references import CLAIM_PREFIX, reference_next

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
RATIONALES = {code: text for _name, _outcome, code, text in data.DECISION_TEMPLATES}


class ClaimsMixin:
    # --- claims ---------------------------------------------------------------------------
    def _claim(self, order, status, reviewer, index):
        if Claim.objects.filter(order=order).exists():
            return
        seller_user = order.seller.owner
        price = order.agreed_price
        submitted_at = order.completed_at + timedelta(days=1, hours=4)
        remedies = [Claim.Remedy.PARTIAL_REFUND, Claim.Remedy.REDO, Claim.Remedy.FULL_REFUND]
        remedy = remedies[index % 3]
        reasons = list(Claim.Reason.values)
        fields = {
            "order": order,
            "seller": order.seller,
            "partner": order.partner,
            "claimant": seller_user,
            "filed_by": seller_user,
            "channel": Claim.Channel.EMAIL_LINK if index % 2 else Claim.Channel.WEB,
            "reason": reasons[index % len(reasons)],
            "description": (
                "The work handed over does not match the agreed scope: "
                f"{order.scope[:1].lower()}{order.scope[1:]} "
                "Several items were missing or wrong at hand-over."
            ),
            "resolution_attempt": (
                "I wrote to the partner on the day of hand-over and called twice the following week; "
                "they promised a fix but nothing changed."
            ),
            "resolution_confirmed": True,
            "remedy": remedy,
            "amount": (price * Decimal("0.4")).quantize(Decimal("1"))
            if remedy == Claim.Remedy.PARTIAL_REFUND
            else None,
            "agreed_price": price,
            "eligibility_at_filing": {
                "eligible": True,
                "reasons": [],
                "deadline": order.claim_deadline.isoformat() if order.claim_deadline else None,
            },
            "created_at": submitted_at - timedelta(hours=1),
        }
        events = []
        pending_info = None

        def event(kind, at, *, actor=None, visibility=ClaimEvent.Visibility.BOTH, message=""):
            events.append((kind, at, actor, visibility, message))

        if status == "draft":
            fields.update(status=Claim.Status.DRAFT, reference=f"DR-{secrets.token_hex(6).upper()}")
            fields["created_at"] = self.days_ago(1)
            event("drafted", fields["created_at"], actor=seller_user, visibility=ClaimEvent.Visibility.SELLER)
            claim = Claim.objects.create(**fields)
            self._events(claim, events)
            return
        fields.update(
            reference=reference_next(prefix=CLAIM_PREFIX, moment=submitted_at),
            submitted_at=submitted_at,
            partner_notified_at=submitted_at + timedelta(minutes=2),
            partner_response_due=add_business_days(submitted_at, 5),
            first_action_due=add_business_days(submitted_at, 2),
            decision_due=add_business_days(submitted_at, 10),
            status=Claim.Status.SUBMITTED,
        )
        event("submitted", submitted_at, actor=seller_user)
        event(
            "partner_notified", submitted_at + timedelta(minutes=2), visibility=ClaimEvent.Visibility.PARTNER
        )
        version = 1
        if status == "withdrawn":
            at = submitted_at + timedelta(days=2)
            fields.update(status=Claim.Status.WITHDRAWN, withdrawn_at=at)
            event("withdrawn", at, actor=seller_user, message="The partner fixed it after all.")
            version = 2
        elif status != "submitted":
            first = submitted_at + timedelta(hours=20)
            fields.update(assigned_to=reviewer, first_action_at=first, status=Claim.Status.UNDER_REVIEW)
            event("assigned", first, actor=reviewer, visibility=ClaimEvent.Visibility.INTERNAL)
            responded = submitted_at + timedelta(days=2)
            fields.update(partner_responded_at=responded)
            event(
                "partner_responded",
                responded,
                actor=None,
                message="We delivered what was agreed on the call; the seller asked for extra items later.",
            )
            version = 3
        if status == "under_review_offer":
            at = submitted_at + timedelta(days=2, hours=3)
            fields.update(
                offer_status=Claim.OfferStatus.PENDING,
                offer_remedy=Claim.Remedy.PARTIAL_REFUND,
                offer_amount=(price * Decimal("0.25")).quantize(Decimal("1")),
                offer_note="We can refund a quarter of the fee and redo the weekly report.",
                offer_made_at=at,
            )
            event("offer_made", at, message=fields["offer_note"])
            version += 1
        if status == "awaiting_seller":
            at = submitted_at + timedelta(days=3)
            due = at + timedelta(days=7)
            fields.update(status=Claim.Status.AWAITING_SELLER, awaiting_due=due)
            question = "Please upload the invoice and the e-mail where you raised the issue with the partner."
            event(
                "info_requested",
                at,
                actor=reviewer,
                visibility=ClaimEvent.Visibility.SELLER,
                message=question,
            )
            pending_info = ("seller", question, due, at)
            version += 1
        if status == "awaiting_partner":
            at = submitted_at + timedelta(days=3)
            due = add_business_days(at, 5)
            fields.update(status=Claim.Status.AWAITING_PARTNER, awaiting_due=due)
            question = "Please share the campaign reports you sent the seller and the agreed budget."
            event(
                "info_requested",
                at,
                actor=reviewer,
                visibility=ClaimEvent.Visibility.PARTNER,
                message=question,
            )
            pending_info = ("partner", question, due, at)
            version += 1
        if status in {"decided", "appealed", "closed", "resolved"}:
            decided_at = {"decided": self.days_ago(5), "appealed": self.days_ago(10)}.get(
                status, submitted_at + timedelta(days=9)
            )
            outcome, code, amount = {
                "decided": (Claim.Outcome.REJECTED, "insufficient-evidence", None),
                "appealed": (Claim.Outcome.REJECTED, "delivered-as-agreed", None),
                "closed": (
                    Claim.Outcome.PARTIALLY_UPHELD,
                    "scope-not-delivered",
                    fields["amount"] or price / 2,
                ),
                "resolved": (Claim.Outcome.RESOLVED_WITH_PARTNER, "settled-with-partner", None),
            }[status]
            fields.update(
                status=Claim.Status.DECIDED,
                outcome=outcome,
                decided_at=decided_at,
                decided_by=reviewer,
                decision_reason=self.reasons[code],
                decision_remedy=Claim.Remedy.PARTIAL_REFUND if amount else "",
                decision_amount=amount,
                rationale=RATIONALES.get(code, RATIONALES["insufficient-evidence"]),
                appeal_deadline=decided_at + timedelta(days=14),
            )
            if status == "resolved":
                fields.update(
                    offer_status=Claim.OfferStatus.ACCEPTED,
                    offer_remedy=Claim.Remedy.REDO,
                    offer_note="We will redo the reconciliation for all six months at no charge.",
                    offer_made_at=decided_at - timedelta(days=2),
                )
                event("offer_made", decided_at - timedelta(days=2), message=fields["offer_note"])
                event("offer_accepted", decided_at, actor=seller_user)
            event("decided", decided_at, actor=reviewer, message=fields["rationale"])
            version += 1
            if status == "appealed":
                at = self.days_ago(3)
                fields.update(
                    status=Claim.Status.APPEALED,
                    appealed_at=at,
                    appeal_statement=(
                        "The audit missed two of the three warnings; I attach the account health page."
                    ),
                    original_outcome=outcome,
                    original_decided_by=reviewer,
                    assigned_to=self.reviewer2,
                    outcome="",
                    decided_by=None,
                    decided_at=None,
                )
                event("appealed", at, actor=seller_user, message=fields["appeal_statement"])
                event(
                    "assigned",
                    at + timedelta(hours=2),
                    actor=self.lead,
                    visibility=ClaimEvent.Visibility.INTERNAL,
                )
                version += 1
            if status == "closed":
                at = decided_at + timedelta(days=14, minutes=5)
                fields.update(status=Claim.Status.CLOSED, closed_at=at, is_final=True)
                event("closed", at)
                version += 1
        fields["version"] = version
        claim = Claim.objects.create(**fields)
        self._events(claim, events)
        self._documents(claim, seller_user, at=submitted_at if status != "draft" else fields["created_at"])
        if pending_info:
            party, question, due, at = pending_info
            InformationRequest.objects.create(
                claim=claim, party=party, question=question, due_at=due, requested_by=reviewer, created_at=at
            )

    def _events(self, claim, events):
        ClaimEvent.objects.bulk_create(
            [
                ClaimEvent(claim=claim, kind=kind, actor=actor, visibility=vis, message=msg, created_at=at)
                for kind, at, actor, vis, msg in events
            ]
        )

    def _documents(self, claim, user, *, at):
        for kind, name in [("invoice", "invoice.pdf"), ("scope", "scope-of-work.pdf")]:
            document = ClaimDocument(
                claim=claim,
                kind=kind,
                party="seller",
                original_name=f"{claim.order.reference}-{name}",
                content_type="application/pdf",
                size=len(MINIMAL_PDF),
                sha256=hashlib.sha256(MINIMAL_PDF).hexdigest(),
                uploaded_by=user,
                uploaded_at=at,
            )
            document.file.save(name, ContentFile(MINIMAL_PDF), save=False)
            document.save()
