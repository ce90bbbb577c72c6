"""The authorization matrix, built from the URL configuration itself.

Every page and API route of the portal × {anonymous, seller A, seller B, member of
partner X, member of partner Y, reviewer, lead} → the expected outcome. A route
with no entry in EXPECTED fails the suite, so a new route must be placed here
on purpose. Objects belong to seller A and partner X (order, claim, documents,
review, offering, promotion); seller B and partner Y must never reach them.

Outcomes: "ok" (2xx), "login" (redirect to sign-in), "redirect" (another 3xx),
or the status code as a string ("400", "403", "404", "405", "409", "410").
Action routes are probed with an empty POST: the point is who is let in, not
what the form does, so an authorised caller gets "400"/"redirect"/"409", and
everyone else gets "404" (or "login").
"""

import os
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from claims.models import ClaimDocument
from partners.models import OrderDocument, Promotion, Review
from tests import factories as f

ROLES = ["anon", "seller_a", "seller_b", "partner_x", "partner_y", "reviewer", "lead"]

# Routes whose behaviour belongs to a library and is tested there (sign-in flows,
# the Django admin's model pages); the admin's front door is in the matrix.
SKIP_PREFIXES = ("accounts/", "admin/", "i18n/")

PDF = (  # a whole PDF: uploads check its xref, trailer and startxref
    b"%PDF-1.4\n1 0 obj<<>>endobj\nxref\n0 2\n0000000000 65535 f \n0000000009 00000 n \n"
    b"trailer<</Size 2>>\nstartxref\n27\n%%EOF\n"
)


def png_bytes() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "#12355b").save(buffer, format="PNG")
    return buffer.getvalue()


def iter_routes(patterns=None, prefix="", namespace=""):
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}:{p.namespace}" if namespace and p.namespace else (p.namespace or namespace)
            yield from iter_routes(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            route = prefix + str(p.pattern)
            name = f"{namespace}:{p.name}" if namespace else p.name
            yield route, name, p


def portal_routes():
    routes = []
    for route, name, pattern in iter_routes():
        if route.startswith(SKIP_PREFIXES) and route != "admin/":
            continue
        routes.append((route, name, pattern))
    return routes


@pytest.fixture
def world(db, seller, seller_b, partner_member, partner_member_y, reviewer, lead):
    partner_x = partner_member.partner
    order = f.completed_order(seller=seller.seller_account, partner=partner_x)
    claim = f.ClaimFactory(order=order)
    review_order = f.completed_order(seller=seller.seller_account, partner=partner_x)
    review = Review.objects.create(
        order=review_order, partner=partner_x, author=seller, rating=4, text="Good work, a little late."
    )
    offering = order.offering
    promotion = Promotion.objects.create(
        partner=partner_x,
        title="Festive rate",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + timedelta(days=30),
    )
    order_doc = OrderDocument(
        order=order,
        kind="invoice",
        original_name="invoice.pdf",
        content_type="application/pdf",
        size=len(PDF),
        sha256="0" * 64,
        uploaded_by=seller,
    )
    order_doc.file.save("matrix-invoice.pdf", ContentFile(PDF), save=True)
    claim_doc = ClaimDocument(
        claim=claim,
        kind="invoice",
        original_name="invoice.pdf",
        content_type="application/pdf",
        size=len(PDF),
        sha256="0" * 64,
        uploaded_by=seller,
    )
    claim_doc.file.save("matrix-claim-invoice.pdf", ContentFile(PDF), save=True)
    partner_x.logo.save("matrix-logo.png", ContentFile(png_bytes()), save=True)

    from claims.feedback import feedback_request_create, feedback_token_make
    from claims.services.documents import document_token

    feedback = feedback_request_create(order=order)
    remedy, notification = _remedy_and_notice(order, claim, seller)

    # The Resolution Centre: an open issue on the order and a message with an attachment.
    from resolution.services.conversation import message_post
    from resolution.services.issues import issue_report

    issue_report(order=order, user=seller, reason="other", remedy="redo", description="Matrix issue.")
    message = message_post(
        order=order, user=seller, body="Matrix", file=ContentFile(PDF, name="matrix-scope.pdf")
    )

    return {
        "users": {
            "anon": None,
            "seller_a": seller,
            "seller_b": seller_b,
            "partner_x": partner_member,
            "partner_y": partner_member_y,
            "reviewer": reviewer,
            "lead": lead,
        },
        "partner": partner_x,
        "order": order,
        "claim": claim,
        "review": review,
        "offering": offering,
        "promotion": promotion,
        "order_doc": order_doc,
        "claim_doc": claim_doc,
        "claim_doc_token": document_token(claim_doc),
        "feedback_token": feedback_token_make(feedback),
        "terms_version": order.guarantee_terms.version,
        "remedy": remedy,
        "notification": notification,
        "attachment_token": message.attachments.get().token,
    }


def _remedy_and_notice(order, claim, seller):
    """A remedy owed on the claim and one notification of seller A (remedies, notifications)."""
    from partnernet.notifications.models import Notification
    from remedies.models import Remedy

    remedy = Remedy.objects.create(
        source="claim",
        claim=claim,
        order=order,
        seller=order.seller,
        partner=order.partner,
        kind="partial_refund",
        amount="4000.00",
        due_on=timezone.localdate() + timedelta(days=9),
    )
    notification = Notification.objects.create(
        recipient=seller, kind="remedy_due", purpose="remedy_due", object_key="x", title="A remedy"
    )
    return remedy, notification


def kwargs_for(route: str, pattern: URLPattern, world) -> dict:
    names = list(pattern.pattern.converters) or list(pattern.pattern.regex.groupindex)
    kwargs = {}
    for name in names:
        if name == "slug":
            kwargs[name] = world["partner"].slug
        elif name == "reference":
            kwargs[name] = world["order"].reference if "orders/" in route else world["claim"].reference
        elif name == "token":
            feedback = route.startswith("feedback/")
            kwargs[name] = world["feedback_token"] if feedback else world["claim_doc_token"]
            if route.startswith("orders/") and "/messages/" in route:
                kwargs[name] = world["attachment_token"]
        elif name == "document_id":
            kwargs[name] = world["order_doc"].pk if route.startswith("orders/") else world["claim_doc"].pk
        elif name == "notification_id":
            kwargs[name] = world["notification"].pk
        elif name == "remedy_id":
            kwargs[name] = world["remedy"].pk
        elif name == "version":
            kwargs[name] = world["terms_version"]
        elif name == "pk":
            if "offerings" in route:
                kwargs[name] = world["offering"].pk
            elif "promotions" in route:
                kwargs[name] = world["promotion"].pk
            elif "reviews" in route:
                kwargs[name] = world["review"].pk
            else:
                raise AssertionError(f"no object for <pk> in {route}")
        else:
            raise AssertionError(f"the matrix does not know how to fill <{name}> in {route}")
    return kwargs


def outcome(response) -> str:
    code = response.status_code
    if 200 <= code < 300:
        return "ok"
    if 300 <= code < 400:
        location = response.headers.get("Location", "")
        return "login" if "/accounts/login/" in location or "/admin/login/" in location else "redirect"
    return str(code)


# Action routes: probed with POST (GET on them is 405, or for an irreversible action the
# confirmation step, which changes nothing).
POST_ONLY_SUFFIXES = (
    "decide/confirm/",
    "accept/",
    "decline/",
    "complete/",
    "cancel/",
    "withdraw/",
    "submit/",
    "respond/",
    "appeal/",
    "accept-offer/",
    "decline-offer/",
    "assign/",
    "request-info/",
    "notes/",
    "decide/",
    "take-next/",
    "findings/",
    "publish/",
    "discard/",
    "apply/",
    "answer/",
    "delete/",
    "remove/",
    "reply/",
    "offer/accept/",
    "offer/decline/",
    "fulfil/",
    "confirm/",
    "dispute/",
    "settle/",
    "read/",
    "read-all/",
    "accept-counter/",
    "escalate/",
)


# Routes whose only methods are not GET (or POST by suffix), and pages that need a query.
METHODS = {
    "api-token": "post",
    "api-console-offering": "patch",
    "api-order-review": "post",
    "api-claim-messages": "post",
    "partners:order_document_upload": "post",
    "claims:message": "post",
    "claims:document_add": "post",
    "claims:console_message": "post",
    "claims:console_document_add": "post",
    "notifications:preferences": "post",
}
QUERIES = {"claims:new": "order", "claims:on_behalf": "order"}


def probe(route, name, pattern, world, client):
    """One request, rolled back afterwards so that no probe changes what the next one sees."""
    from django.db import transaction
    from django.urls import reverse

    url = reverse(name, kwargs=kwargs_for(route, pattern, world))
    if name in QUERIES:
        url += f"?{QUERIES[name]}={world['order'].reference}"
    method = METHODS.get(name) or ("post" if route.endswith(POST_ONLY_SUFFIXES) else "get")
    with transaction.atomic():
        response = getattr(client, method)(url, {}) if method != "get" else client.get(url)
        transaction.set_rollback(True)
    return outcome(response)


def test_every_route_has_an_entry_and_behaves_as_expected(world, settings):
    settings.STAFF_REQUIRE_2FA = False
    from tests.security.matrix import EXPECTED

    clients = {}
    for role in ROLES:
        clients[role] = Client()
        if world["users"][role] is not None:
            clients[role].force_login(world["users"][role])
    actual = {}
    for route, name, pattern in portal_routes():
        actual[name] = {role: probe(route, name, pattern, world, clients[role]) for role in ROLES}
    if os.environ.get("PRINT_MATRIX"):  # to review a new route's row before adding it
        for name, row in actual.items():
            print(f'    "{name}": ({", ".join(repr(row[r]) for r in ROLES)}),')
    missing = sorted(set(actual) - set(EXPECTED))
    assert not missing, f"routes with no entry in tests/security/matrix.py: {missing}"
    mismatches = [
        f"{name} as {role}: expected {EXPECTED[name][i]}, got {row[role]}"
        for name, row in actual.items()
        for i, role in enumerate(ROLES)
        if EXPECTED[name][i] != "*" and not _matches(EXPECTED[name][i], row[role])
    ]
    assert not mismatches, "\n".join(mismatches)


def _matches(expected: str, got: str) -> bool:
    return got in expected.split("|")
