"""The whole story in real Chromium, through the UI only (DESIGN §1, issue 8 §1–2).

A visitor finds a guaranteed partner and reads its terms; a seller requests a service; the
partner accepts and completes it; the feedback e-mail arrives (Django's locmem outbox: Celery
runs eagerly); the seller reviews from the e-mail's review link and files a claim from its
claim link with a PDF invoice; the partner answers; a reviewer investigates and decides; the
seller appeals; a lead who did not decide decides the appeal; the seller reads the final
decision. Only the starting data (partner, accounts, a reason code) is arranged with factories.

Every page is screenshotted to var/screenshots/journey-NN-*.png and checked with axe-core:
no serious or critical violation anywhere on the page.
"""

import re
from decimal import Decimal

import pytest
from django.core import mail
from playwright.sync_api import expect

from claims.models import Claim
from partners.models import Review, ServiceOrder
from tests import factories as f
from tests.browser.conftest import axe_violations, confirm_decision, screenshot, sign_in
from tests.claims.review_support import lead_user, reason_code, reviewer_user

SCOPE = "Create 50 product listings: titles, five bullets and six images each, within 7 days."
AGREED_SCOPE = "50 product listings (titles, 5 bullets, 6 images each), delivered within 7 days."
FIRST_RATIONALE = (
    "The invoice and the partner's own answer show 20 of the 50 agreed listings were delivered; "
    "a refund of the undelivered share is fair."
)
FINAL_RATIONALE = (
    "On appeal: the screenshots show the 20 delivered listings lacked the agreed images too; "
    "the whole fee is refunded."
)


def tiny_pdf() -> bytes:
    """A tiny but well-formed one-page PDF: header, catalog, pages, page, exact xref offsets, trailer."""
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj" % number + body + b"endobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


INVOICE_PDF = tiny_pdf()


class Journey:
    """Numbers the pages, screenshots each one, and collects axe-core findings, server errors
    and dead links (every same-site link on a checked page is fetched as that visitor)."""

    def __init__(self, browser, base_url):
        self.browser = browser
        self.base_url = base_url
        self.n = 0
        self.violations = {}
        self.server_errors = []
        self.dead_links = {}
        self.links_seen = set()
        self.contexts = []

    def new_page(self):
        context = self.browser.new_context(base_url=self.base_url, locale="en-IN", timezone_id="Asia/Kolkata")
        context.set_default_timeout(15_000)
        self.contexts.append(context)
        page = context.new_page()
        page.console_errors = []
        page.on("console", lambda msg: page.console_errors.append(msg.text) if msg.type == "error" else None)
        page.on(
            "response",
            lambda r: (
                self.server_errors.append(f"{r.status} {r.request.method} {r.url}")
                if r.status >= 500
                else None
            ),
        )
        return page

    def check(self, page, name):
        """Screenshot and axe-check the page now shown (one call per page of the journey)."""
        page.wait_for_load_state("load")
        self.n += 1
        label = f"journey-{self.n:02d}-{name}"
        screenshot(page, label)
        found = axe_violations(page)
        if found:
            self.violations[f"{label} {page.url}"] = found
        self._check_links(page, label)

    def _check_links(self, page, label):
        # GET never changes state (DESIGN §4), so following every link is safe.
        hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        for href in hrefs:
            url = href.split("#", 1)[0]
            if not url.startswith(self.base_url) or (id(page.context), url) in self.links_seen:
                continue
            self.links_seen.add((id(page.context), url))
            status = page.context.request.get(url, max_redirects=5).status
            if status >= 400:
                self.dead_links[url] = f"{status} (linked from {label})"

    def close(self):
        for context in self.contexts:
            context.close()


def feedback_links(seller_email):
    """The review and claim links from the one feedback e-mail to the seller."""
    sent = [m for m in mail.outbox if seller_email in m.to and "/feedback/" in m.body]
    assert len(sent) == 1, [m.subject for m in mail.outbox]
    links = re.findall(r"https?://\S+/feedback/\S+", sent[0].body)
    review = [u for u in links if u.endswith("go=review")]
    claim = [u for u in links if u.endswith("go=claim")]
    assert len(review) == 1 and len(claim) == 1, sent[0].body
    return sent[0], review[0], claim[0]


@pytest.mark.django_db(transaction=True)
def test_visitor_to_final_appeal_decision_through_the_ui(browser, live_server, settings):
    settings.SITE_URL = live_server.url
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []

    category = f.CategoryFactory(slug="cataloguing", name="Cataloguing")
    partner = f.guaranteed_partner(name="Listing Experts", slug="listing-experts")
    offering = f.OfferingFactory(
        partner=partner, category=category, title="Catalogue listing", price_from=Decimal("8000.00")
    )
    partner_user = f.PartnerMemberFactory(partner=partner, user__full_name="Pooja Partner").user
    account = f.SellerAccountFactory(name="Chai Store", owner__full_name="Sunil Seller")
    seller = account.owner
    reviewer = reviewer_user(full_name="Ritu Reviewer")
    lead = lead_user(full_name="Leela Lead")
    reason_code("partial_delivery", "Partial delivery")
    reason_code("scope_not_delivered", "Scope not delivered")

    journey = Journey(browser, live_server.url)
    try:
        # 1. A visitor finds the partner and reads its guarantee terms.
        visitor = journey.new_page()
        visitor.goto("/")
        journey.check(visitor, "home")
        visitor.get_by_role("link", name="Find partners").first.click()
        expect(visitor.get_by_role("link", name="Listing Experts").first).to_be_visible()
        journey.check(visitor, "directory")
        visitor.get_by_role("link", name="Listing Experts").first.click()
        expect(visitor.get_by_role("heading", level=1)).to_contain_text("Listing Experts")
        details = visitor.locator("details.guarantee-details")
        expect(details.locator("table, dl, ul").first).not_to_be_visible()
        journey.check(visitor, "profile")
        details.locator("summary").filter(has_text="Show details").click()
        expect(details).to_have_attribute("open", "")
        expect(details).to_contain_text("Response time")
        expect(details).to_contain_text("24")
        journey.check(visitor, "profile-show-details")

        # 2. The seller signs in and requests the service from the profile.
        seller_page = visitor
        seller_page.goto("/accounts/login/")
        journey.check(seller_page, "sign-in")
        sign_in(seller_page, seller.email, f.PASSWORD)
        seller_page.goto(f"/partners/{partner.slug}/")
        seller_page.get_by_role("link", name="Request service").click()
        expect(seller_page.get_by_role("heading", level=1)).to_contain_text("Request a service")
        journey.check(seller_page, "request-service")
        seller_page.get_by_label("Service").select_option(str(offering.pk))
        seller_page.get_by_label("What do you need?").fill(SCOPE)
        seller_page.get_by_label("Budget (₹)").fill("10000")
        seller_page.get_by_role("button", name="Send request").click()
        seller_page.wait_for_url(re.compile(r"/orders/SO-[\w-]+/$"))
        order = ServiceOrder.objects.get(seller=account, partner=partner)
        assert order.status == ServiceOrder.Status.REQUESTED and not order.covered
        expect(seller_page.locator("#main")).to_contain_text(order.reference)
        journey.check(seller_page, "order-requested")

        # 3. The partner accepts with the agreed price and scope, then completes the order.
        partner_page = journey.new_page()
        sign_in(partner_page, partner_user.email, f.PASSWORD)
        partner_page.goto("/orders/")
        journey.check(partner_page, "partner-orders")
        partner_page.get_by_role("link", name=order.reference).click()
        journey.check(partner_page, "partner-order-to-accept")
        partner_page.get_by_label("Agreed price (₹)").fill("10000")
        partner_page.get_by_label("Agreed scope of services").fill(AGREED_SCOPE)
        partner_page.get_by_role("button", name="Accept", exact=True).click()
        partner_page.get_by_role("link", name="Mark as completed").wait_for()
        order.refresh_from_db()
        assert order.status == ServiceOrder.Status.ACCEPTED and order.covered
        assert order.agreed_price == Decimal("10000.00") and order.scope == AGREED_SCOPE
        journey.check(partner_page, "partner-order-accepted")
        assert not [m for m in mail.outbox if "/feedback/" in m.body]  # nothing before completion
        partner_page.get_by_role("link", name="Mark as completed").click()
        # The confirmation step says what completion starts; nothing happens before "Yes".
        expect(partner_page.locator(".confirm-consequences")).to_contain_text("claim window starts now")
        order.refresh_from_db()
        assert order.status == ServiceOrder.Status.ACCEPTED
        partner_page.get_by_role("button", name="Yes, mark as completed").click()
        expect(partner_page.get_by_role("link", name="Mark as completed")).to_have_count(0)
        expect(partner_page.locator("#main")).to_contain_text("Completed")
        order.refresh_from_db()
        assert order.status == ServiceOrder.Status.COMPLETED and order.claim_deadline is not None
        journey.check(partner_page, "partner-order-completed")

        # 4. The feedback e-mail arrives with a review link and a claim link.
        message, review_link, claim_link = feedback_links(seller.email)
        assert order.reference in message.subject
        assert review_link.startswith(live_server.url) and claim_link.startswith(live_server.url)

        # 5. The seller reviews from the e-mail's review link.
        seller_page.goto(review_link)
        seller_page.wait_for_url(re.compile(r"/feedback/$"))
        journey.check(seller_page, "feedback-landing-review")
        seller_page.get_by_role("link", name="Write a review").click()
        journey.check(seller_page, "review-form")
        seller_page.get_by_label("3 ★").check()
        seller_page.get_by_label("Title").fill("Good start, unfinished")
        seller_page.get_by_label("Your review").fill(
            "Quick to reply, but only 20 of the 50 listings were done."
        )
        seller_page.get_by_role("button", name="Publish review").click()
        expect(seller_page.locator("#main")).to_contain_text("Good start, unfinished")
        review = Review.objects.get(order=order)
        assert review.rating == 3 and review.author == seller
        journey.check(seller_page, "order-reviewed")

        # 6. The seller files a claim from the e-mail's claim link, with a PDF invoice.
        seller_page.goto(claim_link)
        seller_page.wait_for_url(re.compile(r"/feedback/$"))
        expect(seller_page.locator("#main")).to_contain_text("You have already reviewed this order")
        journey.check(seller_page, "feedback-landing-claim")
        seller_page.get_by_role("link", name="File a claim").click()
        expect(seller_page.locator("#eligibility-result")).to_have_attribute("data-eligible", "true")
        journey.check(seller_page, "claim-eligibility")
        seller_page.get_by_role("button", name="Start the claim").click()
        journey.check(seller_page, "claim-details")
        seller_page.get_by_label("Not completed as agreed").check()
        seller_page.get_by_label("Describe the problem").fill(
            "Only 20 of the 50 agreed listings were created."
        )
        seller_page.get_by_label("How did you raise it with the partner").fill(
            "E-mailed twice and called on Monday; they stopped answering."
        )
        seller_page.get_by_label("I raised this issue with the partner").check()
        seller_page.get_by_label("Partial refund").check()
        seller_page.get_by_label("Refund amount").fill("6000")
        seller_page.get_by_role("button", name="Save and continue").click()
        journey.check(seller_page, "claim-documents")
        seller_page.get_by_label("What is it?").select_option("invoice")
        seller_page.get_by_label("File (PDF").set_input_files(
            {"name": "invoice.pdf", "mimeType": "application/pdf", "buffer": INVOICE_PDF}
        )
        seller_page.get_by_role("button", name="Upload").click()
        seller_page.get_by_text("invoice.pdf").first.wait_for()
        journey.check(seller_page, "claim-documents-uploaded")
        seller_page.get_by_role("link", name="Continue to review").click()
        journey.check(seller_page, "claim-review-step")
        seller_page.get_by_role("button", name="Submit the claim").click()
        seller_page.wait_for_url(re.compile(r"/claims/CL-\d{4}-\d{6}/$"))
        claim = Claim.objects.get(order=order)
        assert claim.status == Claim.Status.SUBMITTED and claim.channel == "email_link"
        assert claim.amount == Decimal("6000.00")
        assert list(claim.documents.values_list("kind", flat=True)) == ["invoice"]
        journey.check(seller_page, "claim-submitted")

        # 7. The partner answers in the console.
        partner_page.goto("/console/claims/")
        journey.check(partner_page, "console-claims")
        partner_page.get_by_role("link", name=claim.reference).click()
        journey.check(partner_page, "console-claim")
        partner_page.get_by_label("Your answer to the claim").fill(
            "We delivered 20 listings; the seller's images arrived late, so the rest slipped."
        )
        partner_page.get_by_role("button", name="Send answer").click()
        partner_page.get_by_text("Your answer has been sent").wait_for()
        claim.refresh_from_db()
        assert claim.partner_responded_at is not None and claim.offer_status in ("", None)
        journey.check(partner_page, "console-claim-answered")

        # 8. A reviewer takes the claim, investigates and decides: partially upheld.
        reviewer_page = journey.new_page()
        sign_in(reviewer_page, reviewer.email, f.PASSWORD)
        reviewer_page.goto("/review/")
        expect(reviewer_page.get_by_role("link", name=claim.reference)).to_be_visible()
        journey.check(reviewer_page, "review-queue")
        reviewer_page.get_by_role("button", name="Take next").click()
        expect(reviewer_page.get_by_role("heading", level=1)).to_contain_text(claim.reference)
        expect(reviewer_page.locator("#claim-status")).to_have_text("Under review")
        expect(reviewer_page.locator("#main")).to_contain_text("the seller's images arrived late")
        journey.check(reviewer_page, "review-investigation")
        finding = reviewer_page.locator(
            "form", has=reviewer_page.get_by_label("Finding on Delivery timeline")
        )
        finding.get_by_label("Finding on Delivery timeline").select_option("not_met")
        finding.get_by_label("Note on Delivery timeline").fill("20 of 50 listings after 7 days.")
        finding.get_by_role("button", name="Record").click()
        expect(reviewer_page.locator("#main")).to_contain_text("20 of 50 listings after 7 days.")
        reviewer_page.get_by_role("textbox", name="Internal note").fill(
            "Invoice matches the agreed price; partner admits 20."
        )
        reviewer_page.get_by_role("button", name="Add note").click()
        expect(reviewer_page.locator(".timeline")).to_contain_text("partner admits 20")
        journey.check(reviewer_page, "review-investigated")
        reviewer_page.get_by_label("Outcome").select_option("partially_upheld")
        reviewer_page.get_by_label("Remedy").select_option("partial_refund")
        reviewer_page.get_by_label("Refund amount (₹)").fill("6000")
        reviewer_page.get_by_label("Reason code").select_option("partial_delivery")
        reviewer_page.get_by_label("Rationale (sent to the seller and the partner)").fill(FIRST_RATIONALE)
        reviewer_page.get_by_role("button", name="Record the decision").click()
        confirm_decision(reviewer_page)
        expect(reviewer_page.locator("#claim-status")).to_have_text("Decided")
        claim.refresh_from_db()
        assert claim.status == Claim.Status.DECIDED and claim.outcome == "partially_upheld"
        assert claim.decided_by == reviewer and claim.decision_amount == Decimal("6000.00")
        journey.check(reviewer_page, "review-decided")

        # 9. The seller reads the decision and appeals.
        seller_page.goto(f"/claims/{claim.reference}/")
        expect(seller_page.locator("#main")).to_contain_text("Partially upheld")
        expect(seller_page.locator("#main")).to_contain_text(FIRST_RATIONALE)
        expect(seller_page.locator("#main")).to_contain_text("₹6,000.00")
        journey.check(seller_page, "seller-reads-decision")
        seller_page.get_by_label("Why should the decision be looked at again?").fill(
            "The 20 listings that were delivered had no images either: nothing usable was delivered."
        )
        seller_page.get_by_role("button", name="Send the appeal").click()
        expect(seller_page.locator("#claim-status")).to_contain_text("Appealed")
        claim.refresh_from_db()
        assert claim.status == Claim.Status.APPEALED and claim.appealed_at is not None
        journey.check(seller_page, "seller-appealed")

        # The reviewer who decided may not decide the appeal.
        reviewer_page.goto(f"/review/claims/{claim.reference}/")
        expect(reviewer_page.locator("#decide")).to_contain_text("decided by a support lead")
        expect(reviewer_page.get_by_role("button", name="Record the decision")).to_have_count(0)
        journey.check(reviewer_page, "review-appeal-not-yours")

        # 10. A lead who did not decide takes the appeal and decides it finally.
        lead_page = journey.new_page()
        sign_in(lead_page, lead.email, f.PASSWORD)
        lead_page.goto("/review/")
        journey.check(lead_page, "lead-queue")
        lead_page.get_by_role("link", name=claim.reference).click()
        expect(lead_page.locator("#decide")).to_contain_text("Decide the appeal (final)")
        expect(lead_page.locator("#main")).to_contain_text("had no images either")
        journey.check(lead_page, "lead-appeal")
        lead_page.get_by_label("Outcome").select_option("upheld")
        lead_page.get_by_label("Remedy").select_option("full_refund")
        lead_page.get_by_label("Refund amount (₹)").fill("10000")
        lead_page.get_by_label("Reason code").select_option("scope_not_delivered")
        lead_page.get_by_label("Rationale (sent to the seller and the partner)").fill(FINAL_RATIONALE)
        lead_page.get_by_role("button", name="Record the decision").click()
        confirm_decision(lead_page)
        expect(lead_page.locator("#main")).to_contain_text(FINAL_RATIONALE)
        claim.refresh_from_db()
        assert claim.is_final and claim.outcome == "upheld" and claim.decided_by == lead
        assert claim.original_decided_by == reviewer and claim.original_outcome == "partially_upheld"
        assert claim.status in (Claim.Status.DECIDED, Claim.Status.CLOSED)
        journey.check(lead_page, "lead-appeal-decided")

        # 11. The seller reads the final decision; no second appeal is offered.
        seller_page.goto(f"/claims/{claim.reference}/")
        expect(seller_page.locator("#main")).to_contain_text("Upheld")
        expect(seller_page.locator("#main")).to_contain_text(FINAL_RATIONALE)
        expect(seller_page.locator("#main")).to_contain_text("₹10,000.00")
        expect(seller_page.get_by_role("button", name="Send the appeal")).to_have_count(0)
        journey.check(seller_page, "seller-reads-final-decision")

        # The e-mails of the story went out once each; no page logged a script error.
        subjects = [m.subject for m in mail.outbox if seller.email in m.to]
        assert len(subjects) == len(set(subjects)), subjects
        for pg in (visitor, partner_page, reviewer_page, lead_page):
            assert pg.console_errors == [], pg.console_errors
        assert journey.violations == {}, journey.violations
        assert journey.server_errors == [], journey.server_errors
        assert journey.dead_links == {}, journey.dead_links
        assert len(journey.links_seen) > 30  # the link check did run
    finally:
        journey.close()
