"""The seller files a claim from the feedback e-mail's link; the partner offers a partial refund;
the seller accepts; the claim is resolved with the partner (Chromium)."""

import re
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from claims.models import Claim
from guarantees.models import GuaranteeTerms
from partners.services.orders import order_complete
from tests import factories as f
from tests.browser.conftest import AXE_JS, screenshot, sign_in
from tests.claims.conftest import PDF


def main_axe_violations(page, impacts=("serious", "critical")):
    """axe-core over the page's main content (these pages' own markup; the shared footer is not ours)."""
    page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run('#main', {resultTypes: ['violations']})")
    return [
        (v["id"], [n["target"] for n in v["nodes"][:3]])
        for v in result["violations"]
        if v["impact"] in impacts
    ]


def claim_link_from_mail(mail_dir: Path) -> str:
    """The claim link of the feedback e-mail, as the file backend wrote it to var/mail/."""
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(mail_dir.glob("*.log"))]
    joined = "\n".join(texts).replace("=\n", "")  # undo quoted-printable soft breaks
    links = re.findall(r"https?://[^\s\"<>]+/feedback/[^\s\"<>]+go=claim", joined)
    assert links, f"no claim link in the e-mail files: {joined[:500]}"
    return links[0].replace("=3D", "=")


@pytest.mark.django_db(transaction=True)
def test_seller_files_from_the_email_link_and_accepts_the_partners_offer(
    page, browser, live_server, settings
):
    mail_dir = Path(django_settings.VAR_DIR) / "mail" / f"browser-claim-{uuid.uuid4().hex[:8]}"
    mail_dir.mkdir(parents=True, exist_ok=True)
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(mail_dir)
    settings.SITE_URL = live_server.url

    partner = f.guaranteed_partner(name="Listing Experts")
    partner_user = f.PartnerMemberFactory(partner=partner).user
    account = f.SellerAccountFactory(name="Chai Store")
    seller = account.owner
    order = f.OrderFactory(
        partner=partner,
        seller=account,
        status="accepted",
        agreed_price=Decimal("10000.00"),
        accepted_at=timezone.now(),
        covered=True,
        guarantee_terms=GuaranteeTerms.objects.get(partner=partner, is_current=True),
    )
    order_complete(order=order, user=partner_user)
    link = claim_link_from_mail(mail_dir)

    # The seller opens the link from the e-mail, signs in, and files.
    sign_in(page, seller.email, f.PASSWORD)
    page.goto(link)
    page.get_by_role("link", name="File a claim").click()
    page.get_by_role("button", name="Start the claim").click()
    page.get_by_label("Not completed as agreed").check()
    page.get_by_label("Describe the problem").fill("Only 20 of the 50 listings were created.")
    page.get_by_label("How did you raise it with the partner").fill("E-mailed on Monday; no fix offered.")
    page.get_by_label("I raised this issue with the partner").check()
    page.get_by_label("Partial refund").check()
    page.get_by_label("Refund amount").fill("4000")
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_label("What is it?").select_option("invoice")
    page.get_by_label("File (PDF").set_input_files(
        {"name": "invoice.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Upload").click()
    page.get_by_text("invoice.pdf").first.wait_for()
    page.get_by_role("link", name="Continue to review").click()
    assert main_axe_violations(page) == []
    page.get_by_role("button", name="Submit the claim").click()
    page.wait_for_url(re.compile(r"/claims/CL-\d{4}-\d{6}/$"))
    claim = Claim.objects.get(order=order)
    assert claim.status == "submitted" and claim.channel == "email_link"
    screenshot(page, "claim-submitted")
    assert main_axe_violations(page) == []

    page.goto("/claims/")
    assert page.get_by_role("link", name=claim.reference).is_visible()

    # The partner sees it in the console and offers a partial refund.
    partner_context = browser.new_context(
        base_url=live_server.url, locale="en-IN", timezone_id="Asia/Kolkata"
    )
    partner_page = partner_context.new_page()
    sign_in(partner_page, partner_user.email, f.PASSWORD)
    partner_page.goto("/console/claims/")
    partner_page.get_by_role("link", name=claim.reference).click()
    assert partner_page.locator("#answer-deadline").is_visible()
    screenshot(partner_page, "console-claim-to-answer")
    partner_page.get_by_label("Your answer to the claim").fill("Sorry about this. We refund part of the fee.")
    partner_page.get_by_label("Offer the seller a remedy").select_option("partial_refund")
    partner_page.get_by_label("Refund amount offered").fill("3000")
    partner_page.get_by_role("button", name="Send answer").click()
    partner_page.get_by_text("Your answer has been sent").wait_for()
    assert main_axe_violations(partner_page) == []
    partner_context.close()

    # The seller accepts; the claim shows resolved with the partner.
    page.goto(f"/claims/{claim.reference}/")
    page.get_by_role("button", name="Accept the offer").click()
    page.locator("[data-outcome='resolved_with_partner']").wait_for()
    assert "Resolved with the partner" in page.locator("#claim-status").inner_text()
    claim.refresh_from_db()
    assert claim.status == "decided" and claim.outcome == "resolved_with_partner"
    assert claim.decision_amount == Decimal("3000.00")
    screenshot(page, "claim-resolved-with-partner")
    assert page.console_errors == []
