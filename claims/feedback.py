"""The post-completion feedback e-mail and the signed link it carries (DESIGN §4).

One FeedbackRequest per order. Its link token is signed with a salt used for
nothing else and names the order, the seller (user) and the row's nonce: a
token whose nonce no longer matches (rotated by support) is unknown, and a
token signed for another purpose does not verify here.

The token does not expire by itself: whether a claim can still be filed is the
window's question (`order.claim_deadline`), answered at the time of use.
"""

import secrets
from dataclasses import dataclass

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from claims.eligibility import order_cover
from claims.exceptions import FeedbackTokenInvalid
from claims.models import FeedbackRequest
from partnernet.business_days import IST

TOKEN_SALT = "partnernet.claims.feedback-link"  # noqa: S105 (a signing salt, not a secret)
PURPOSE_FEEDBACK = "order_feedback"
PURPOSE_REMINDER = "claim_window_reminder"


@dataclass(frozen=True)
class FeedbackLink:
    feedback: FeedbackRequest
    order_reference: str
    seller_id: int


def feedback_token_make(feedback: FeedbackRequest) -> str:
    payload = {"o": feedback.order.reference, "s": feedback.seller_id, "n": feedback.nonce}
    return signing.dumps(payload, salt=TOKEN_SALT, compress=True)


def feedback_token_read(token: str) -> FeedbackLink:
    """Verify the signature and find the request it names; FeedbackTokenInvalid otherwise."""
    try:
        payload = signing.loads(token or "", salt=TOKEN_SALT)
    except (signing.BadSignature, ValueError, TypeError, UnicodeError):
        raise FeedbackTokenInvalid("bad signature")
    if not isinstance(payload, dict) or not {"o", "s", "n"} <= payload.keys():
        raise FeedbackTokenInvalid("bad payload")
    feedback = (
        FeedbackRequest.objects.select_related("order", "order__partner", "order__seller", "seller")
        .filter(order__reference=payload["o"], seller_id=payload["s"])
        .first()
    )
    if feedback is None or not secrets.compare_digest(str(feedback.nonce), str(payload["n"])):
        raise FeedbackTokenInvalid("unknown")
    return FeedbackLink(feedback=feedback, order_reference=payload["o"], seller_id=payload["s"])


def feedback_link_url(feedback: FeedbackRequest, *, go: str = "") -> str:
    """Absolute link from SITE_URL (never the request's Host header)."""
    from django.conf import settings

    url = settings.SITE_URL + reverse("claims:feedback", kwargs={"token": feedback_token_make(feedback)})
    return f"{url}?go={go}" if go else url


def deadline_in_words(moment) -> str:
    """'11:59 PM IST on Tuesday, 1 December 2026' — the window's end as people read it."""
    local = timezone.localtime(moment, IST)
    time = date_format(local, pgettext("deadline time format", "g:i A"))
    return _("%(time)s IST on %(date)s") % {"time": time, "date": date_format(local, "l, j F Y")}


def _email_context(feedback: FeedbackRequest) -> dict:
    order = feedback.order
    # The claim link and its deadline only where the guarantee applies to this seller.
    cover = order_cover(order, ask_claims=False)
    return {
        "order": order,
        "partner": order.partner,
        "seller_user": feedback.seller,
        "covered": cover.applies,
        "review_url": feedback_link_url(feedback, go="review"),
        "claim_url": feedback_link_url(feedback, go="claim") if cover.applies else "",
        "deadline": cover.deadline,
        # Lazy: written out when the e-mail is rendered, in the recipient's language.
        "deadline_words": lazy(deadline_in_words, str)(cover.deadline) if cover.deadline else "",
    }


def feedback_request_create(*, order) -> FeedbackRequest:
    """Record the feedback request and write its e-mail to the outbox (sent after commit).

    Idempotent: a second call for the same order returns the existing row and
    enqueues nothing (the outbox row is unique per purpose, order and recipient).
    """
    from partnernet.mail import outbox_enqueue

    seller_user = order.requested_by
    # No savepoint when called inside the completion's transaction (the order row is
    # locked there, so nobody else creates this request at the same time).
    with transaction.atomic(savepoint=False):
        feedback = FeedbackRequest.objects.filter(order=order).first()
        if feedback is not None:
            return feedback
        feedback = FeedbackRequest.objects.create(
            order=order, seller=seller_user, nonce=secrets.token_hex(16), sent_at=timezone.now()
        )
        # `sent_at` records when the e-mail was written for sending; the outbox row
        # records its delivery.
        outbox_enqueue(
            purpose=PURPOSE_FEEDBACK,
            obj=order,
            to=[seller_user.email],
            template="feedback/order_completed",
            context=_email_context(feedback),
            language=seller_user.preferred_language or None,
        )
    return feedback


def feedback_reminder_enqueue(*, feedback: FeedbackRequest) -> bool:
    """The 7-days-left reminder, once per order (guarded by `reminder_sent_at`)."""
    from partnernet.mail import outbox_enqueue

    with transaction.atomic():
        marked = FeedbackRequest.objects.filter(pk=feedback.pk, reminder_sent_at__isnull=True).update(
            reminder_sent_at=timezone.now()
        )
        if not marked:
            return False
        outbox_enqueue(
            purpose=PURPOSE_REMINDER,
            obj=feedback.order,
            to=[feedback.seller.email],
            template="feedback/claim_reminder",
            context=_email_context(feedback),
            language=feedback.seller.preferred_language or None,
        )
    return True
