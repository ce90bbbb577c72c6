"""Demo data: remedies in every status, and notifications for every demo user.

Remedies come from the settled demo claims (through the same hook handler a
decision uses) plus three decisions for seller@example.com against Kaveri, so
that the partner sees one due, one disputed and one overdue remedy (one only:
two would suspend its badge). Notifications are the in-app twins of the demo
e-mails already in the outbox; a demo user with none gets a welcome notice.
Idempotent, like the rest of seed_demo.
"""

import secrets
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from claims.models import Claim, ClaimEvent, FeedbackRequest
from devdata.demo.claims import RATIONALES
from partnernet.models import OutboxMessage
from partnernet.notifications.models import Notification
from partnernet.references import CLAIM_PREFIX, reference_next
from remedies.handlers import on_claim_settled
from remedies.models import Remedy, RemedyEvent
from remedies.services import remedy_dispute, remedy_fulfil
from remedies.services.sweep import remedies_mark_overdue

OWED = ("upheld", "partially_upheld", "resolved_with_partner")
# (scope, days since completion, days since the decision, what happens next)
KAVERI_REMEDIES = [
    ("Refresh A+ content for 12 handloom saree listings.", 6, 1, "due"),
    ("Product photography touch-ups for 25 brass lamps.", 10, 5, "fulfilled"),
    ("Fix variation themes on 30 cotton kurta listings.", 14, 6, "disputed"),
    ("Keyword audit and backend search terms for 40 dupattas.", 25, 16, "overdue"),
]


def remedies_and_notices(seeder) -> None:
    """Called once from the Seeder's run(), after the demo claims exist."""
    RemedyDemo(seeder).run()


class RemedyDemo:
    """The remedies part of the seed; reads the seeder's users, partners and clock."""

    def __init__(self, seeder):
        self._seeder = seeder

    def __getattr__(self, name):
        return getattr(self._seeder, name)

    def run(self):
        self._remedies_from_settled_claims()
        self._kaveri_remedies()
        self._notifications()

    # --- remedies ---------------------------------------------------------------------
    def _remedies_from_settled_claims(self):
        settled = Claim.objects.filter(outcome__in=OWED).exclude(decision_remedy="")
        settled = settled.filter(remedy_obligation__isnull=True).select_related("order", "partner")
        for claim in settled:
            if claim.outcome == Claim.Outcome.RESOLVED_WITH_PARTNER and not claim.decision_remedy:
                continue
            on_claim_settled(claim)
            remedy = Remedy.objects.get(claim=claim)
            done = claim.decided_at + timedelta(days=4)
            if claim.status == Claim.Status.CLOSED:
                self._historic(remedy, done, confirmed=True)
            else:
                self._historic(remedy, min(done, self.now - timedelta(hours=6)), confirmed=False)

    def _historic(self, remedy, at, *, confirmed):
        """A remedy settled before the portal recorded remedies: fulfilment (and confirmation) dated."""
        fields = {"fulfilled_at": at, "note": "Done as decided; details sent to the seller by e-mail."}
        if remedy.is_refund:
            fields.update(
                payment_reference=f"UTR{remedy.pk:06d}4421", paid_amount=remedy.amount, paid_on=at.date()
            )
        status = Remedy.Status.CONFIRMED if confirmed else Remedy.Status.FULFILLED
        Remedy.objects.filter(pk=remedy.pk).update(
            status=status,
            confirmed_at=at + timedelta(days=2) if confirmed else None,
            confirmation=Remedy.Confirmation.SELLER if confirmed else "",
            confirmed_by=remedy.seller.owner if confirmed else None,
            auto_confirm_notice_at=None,
            version=remedy.version + 2,
            **fields,
        )
        RemedyEvent.objects.create(remedy=remedy, kind="fulfilled", status="fulfilled", created_at=at)
        if confirmed:
            RemedyEvent.objects.create(
                remedy=remedy,
                kind="confirmed",
                status="confirmed",
                actor=remedy.seller.owner,
                created_at=at + timedelta(days=2),
            )

    def _kaveri_remedies(self):
        account = self.accounts["seller@example.com"]
        kaveri = self.partner_by_slug["kaveri-commerce-solutions"]
        offering = self.offerings["kaveri-commerce-solutions"][0]
        partner_user = self.u["partner@example.com"]
        for scope, completed, decided, fate in KAVERI_REMEDIES:
            order, _created = self._order(
                account=account,
                partner=kaveri,
                offering=offering,
                scope=scope,
                status="completed",
                requested_days_ago=completed + offering.turnaround_days + 3,
                price=int(offering.price_from) * 2,
                completed_days_ago=completed,
            )
            if not order.covered:
                continue
            # The feedback e-mail every completed covered demo order had (as demo_orders gives it).
            FeedbackRequest.objects.get_or_create(
                order=order,
                defaults={
                    "seller": account.owner,
                    "nonce": secrets.token_hex(16),
                    "created_at": order.completed_at,
                    "sent_at": order.completed_at + timedelta(minutes=1),
                },
            )
            if Claim.objects.filter(order=order).exists():
                continue
            claim = self._decided_claim(order, decided_days_ago=decided)
            on_claim_settled(claim)
            remedy = Remedy.objects.get(claim=claim)
            if fate in ("fulfilled", "disputed"):
                remedy = remedy_fulfil(
                    remedy=remedy,
                    user=partner_user,
                    payment_reference="UTR 3319 0245 7781",
                    amount=remedy.amount,
                    paid_on=timezone.localdate() - timedelta(days=1),
                    note="Refunded to the account on file.",
                )
            if fate == "disputed":
                remedy_dispute(
                    remedy=remedy,
                    user=account.owner,
                    reason="No credit with this UTR has reached our current account; please check the IFSC.",
                )
        remedies_mark_overdue(now=self.now)

    def _decided_claim(self, order, *, decided_days_ago):
        submitted_at = order.completed_at + timedelta(days=1)
        decided_at = self.days_ago(decided_days_ago)
        amount = (order.agreed_price * Decimal("0.3")).quantize(Decimal("1"))
        claim = Claim.objects.create(
            reference=reference_next(prefix=CLAIM_PREFIX, moment=submitted_at),
            order=order,
            seller=order.seller,
            partner=order.partner,
            claimant=order.seller.owner,
            filed_by=order.seller.owner,
            status=Claim.Status.DECIDED,
            outcome=Claim.Outcome.PARTIALLY_UPHELD,
            reason=Claim.Reason.NOT_COMPLETED_AS_AGREED,
            description="Part of the agreed work was missing at hand-over.",
            resolution_attempt="Raised it with the partner twice; the missing part was never delivered.",
            resolution_confirmed=True,
            remedy=Claim.Remedy.PARTIAL_REFUND,
            amount=amount,
            agreed_price=order.agreed_price,
            submitted_at=submitted_at,
            first_action_at=submitted_at + timedelta(hours=5),
            decided_at=decided_at,
            decided_by=self.reviewer,
            decision_reason=self.reasons["scope-not-delivered"],
            decision_remedy=Claim.Remedy.PARTIAL_REFUND,
            decision_amount=amount,
            rationale=RATIONALES["scope-not-delivered"],
            appeal_deadline=decided_at + timedelta(days=14),
            version=3,
        )
        ClaimEvent.record(claim, kind="submitted", actor=claim.claimant, visibility="both")
        ClaimEvent.record(
            claim, kind="decided", actor=self.reviewer, visibility="both", message=claim.rationale
        )
        return claim

    # --- notifications ------------------------------------------------------------------
    def _notifications(self):
        """The in-app twin of every demo e-mail to a demo user, and a welcome for the rest."""
        for email, user in self.u.items():
            rows = OutboxMessage.objects.filter(recipient=email).order_by("created_at")
            if not user.is_staff:
                for row in rows:
                    Notification.objects.get_or_create(
                        recipient=user,
                        purpose=row.purpose,
                        object_key=row.object_key,
                        defaults={
                            "kind": row.purpose.split(":", 1)[0],
                            "title": row.subject,
                            "created_at": row.created_at,
                        },
                    )
            url, title = "/notifications/", "Welcome to PartnerNet: your notices appear here."
            if user.is_staff:
                url, title = (
                    "/review/remedies/",
                    "Remedies overdue or disputed are waiting in the review workspace.",
                )
            if not Notification.objects.filter(recipient=user).exists():
                Notification.objects.create(
                    recipient=user,
                    kind="welcome",
                    purpose="welcome",
                    object_key=f"user:{user.pk}",
                    title=title,
                    url=url,
                )
