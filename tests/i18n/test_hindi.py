"""Hindi (DESIGN §5, issue 8 §7): every seller-facing page in English and Hindi.

The language comes from the `django_language` cookie (set by the switch in
base.html) or the browser's Accept-Language; amounts keep Indian grouping and
times stay in IST whichever language is shown.
"""

import functools
import html as html_lib
import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import polib
import pytest
import time_machine
from django.conf import settings
from django.template import engines
from django.utils import translation

from claims.feedback import feedback_request_create, feedback_token_make
from tests import factories as f

pytestmark = pytest.mark.django_db

PO_PATH = Path(settings.BASE_DIR) / "locale" / "hi" / "LC_MESSAGES" / "django.po"
OVERRIDES_PO_PATH = Path(settings.BASE_DIR) / "locale" / "overrides" / "hi" / "LC_MESSAGES" / "django.po"
HI = {"HTTP_ACCEPT_LANGUAGE": "hi"}

# From base.html: on every page (navigation and footer).
BASE_HI = ["पार्टनर खोजें", "समय IST में और राशि INR में दिखाई जाती है।", "सपोर्ट से संपर्क करें"]
BASE_EN = ["Find partners", "Times are shown in IST; amounts in INR.", "Contact support"]


@pytest.fixture
def world(seller, seller_b):
    """A guaranteed partner with a completed order for `seller`, one with a claim, and a feedback link."""
    partner = f.guaranteed_partner(name="Acme Catalogue Services")
    f.OfferingFactory(partner=partner, price_from=Decimal("123456.00"))
    account = seller.seller_account
    order = f.completed_order(partner=partner, seller=account, price="123456.00")
    claimed = f.completed_order(partner=partner, seller=account, price="250000.00")
    claim = f.ClaimFactory(order=claimed, amount=Decimal("123456.00"))
    feedback = feedback_request_create(order=order)
    return {
        "partner": partner,
        "order": order,
        "claim": claim,
        "token": feedback_token_make(feedback),
        "seller": seller,
        "seller_b": seller_b,
    }


def _client(client_for, client, user):
    return client_for(user) if user is not None else client


def _page(name, world, client_for, client, lang_kwargs):
    """(response, expected status, Hindi strings of that page) for one seller-facing page."""
    seller = world["seller"]
    order, claim, partner = world["order"], world["claim"], world["partner"]
    pages = {
        "home": (None, "/", 200, ["ऐसा सर्विस पार्टनर खोजें जो अपनी बात पर खरा उतरे"]),
        "directory": (None, "/partners/", 200, ["सिर्फ़ गारंटी वाले पार्टनर", "सभी शहर"]),
        "profile": (None, f"/partners/{partner.slug}/", 200, ["सेवाएँ और कीमतें", "विवरण दिखाएँ"]),
        "sign_in": (None, "/accounts/login/", 200, ["PartnerNet में साइन इन करें", "पासवर्ड भूल गए?"]),
        "order_list": (seller, "/orders/", 200, ["मेरे ऑर्डर"]),
        "order_detail": (seller, f"/orders/{order.reference}/", 200, [f"ऑर्डर {order.reference}", "तय कीमत"]),
        "claim_list": (seller, "/claims/", 200, ["खुले क्लेम", "पिछले क्लेम"]),
        "claim_detail": (seller, f"/claims/{claim.reference}/", 200, [f"क्लेम {claim.reference}", "टाइमलाइन"]),
        "claim_new": (
            seller,
            f"/claims/new/?order={order.reference}",
            200,
            [f"ऑर्डर {order.reference} पर क्लेम करें", "क्लेम शुरू करें"],
        ),
        "claim_choose_order": (seller, "/claims/new/", 400, ["क्लेम करें"]),
    }
    user, url, status, expected = pages[name]
    res = _client(client_for, client, user).get(url, **lang_kwargs)
    return res, status, expected


SELLER_PAGES = [
    "home",
    "directory",
    "profile",
    "sign_in",
    "order_list",
    "order_detail",
    "claim_list",
    "claim_detail",
    "claim_new",
    "claim_choose_order",
]


@functools.cache
def _english_phrases() -> tuple[str, ...]:
    """Portal strings of three words or more, as they read in English (placeholders and tags left out)."""
    phrases = set()
    for entry in polib.pofile(str(PO_PATH)):
        for source, translated in _pairs(entry):
            for part in re.split(r"%\(\w+\)\w|<[^>]+>|\n", source):
                part = part.strip(" .,:;()")
                if len(part.split()) >= 3 and part != translated:
                    phrases.add(part)
    return tuple(sorted(phrases))


def _visible_text(html: str) -> str:
    html = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", html)
    attributes = " ".join(re.findall(r'(?:aria-label|title|placeholder|alt)="([^"]*)"', html))
    return html_lib.unescape(re.sub(r"\s+", " ", re.sub(r"(?s)<[^>]+>", " ", html)) + " " + attributes)


def _assert_hindi(html: str, expected: list[str]):
    assert '<html lang="hi">' in html
    for text in BASE_HI + expected:
        assert text in html, text
    for text in BASE_EN:
        assert text not in html, text
    # Nothing on the page is still in English: catches a gettext() evaluated at import time
    # (a choice label, a form label) or a string left out of {% translate %}.
    text = _visible_text(html)
    assert [phrase for phrase in _english_phrases() if phrase in text] == []


@pytest.mark.parametrize("name", SELLER_PAGES)
def test_seller_page_in_hindi_from_accept_language(name, world, client_for, client):
    res, status, expected = _page(name, world, client_for, client, HI)
    assert res.status_code == status
    _assert_hindi(res.content.decode(), expected)


@pytest.mark.parametrize("name", SELLER_PAGES)
def test_seller_page_in_hindi_from_the_language_cookie(name, world, client_for, client):
    c = _client(
        client_for,
        client,
        world["seller"] if name not in ("home", "directory", "profile", "sign_in") else None,
    )
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "hi"
    res, status, expected = _page(name, world, lambda _user: c, c, {})
    assert res.status_code == status
    _assert_hindi(res.content.decode(), expected)


@pytest.mark.parametrize("name", SELLER_PAGES)
def test_seller_page_stays_english_by_default(name, world, client_for, client):
    res, status, _ = _page(name, world, client_for, client, {})
    assert res.status_code == status
    html = res.content.decode()
    assert '<html lang="en">' in html
    for text in BASE_EN:
        assert text in html
    assert "पार्टनर खोजें" not in html


def _feedback_get(c, token, lang):
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    c.get(f"/feedback/{token}/")
    return c.get("/feedback/")


def test_feedback_landing_in_hindi(world, client_for):
    res = _feedback_get(client_for(world["seller"]), world["token"], "hi")
    assert res.status_code == 200
    _assert_hindi(res.content.decode(), [f"{world['partner'].name} का काम कैसा रहा?", "रिव्यू दें"])


def test_feedback_link_for_another_account_in_hindi(world, client_for):
    res = _feedback_get(client_for(world["seller_b"]), world["token"], "hi")
    assert res.status_code == 403
    _assert_hindi(res.content.decode(), ["यह लिंक किसी दूसरे अकाउंट के लिए है"])


def test_feedback_link_that_does_not_work_in_hindi(world, client_for):
    res = _feedback_get(client_for(world["seller"]), "not-a-token", "hi")
    assert res.status_code == 400
    _assert_hindi(res.content.decode(), ["यह लिंक काम नहीं करता"])


def test_feedback_link_after_the_window_in_hindi(world, client_for):
    deadline = world["order"].claim_deadline
    with time_machine.travel(deadline + timedelta(seconds=1), tick=False):
        res = _feedback_get(client_for(world["seller"]), world["token"], "hi")
    assert res.status_code == 410
    html = res.content.decode()
    _assert_hindi(html, ["क्लेम करने की अवधि बंद हो गई है"])
    assert "December" not in html and "November" not in html


def test_not_found_page_in_hindi(world, client_for):
    res = client_for(world["seller_b"]).get(f"/claims/{world['claim'].reference}/", **HI)
    assert res.status_code == 404
    html = res.content.decode()
    assert '<html lang="hi">' in html
    assert "Not found" not in html and "We could not find" not in html


def test_language_switch_changes_the_language_and_returns_to_the_page(world, client_for):
    c = client_for(world["seller"])
    assert '<html lang="en">' in c.get("/claims/").content.decode()
    res = c.post("/i18n/setlang/", {"language": "hi", "next": "/claims/"})
    assert res.status_code == 302 and res["Location"] == "/claims/"
    assert res.cookies[settings.LANGUAGE_COOKIE_NAME].value == "hi"
    html = c.get("/claims/").content.decode()
    _assert_hindi(html, ["खुले क्लेम"])
    # The switch names each language in its own script, so English stays findable from Hindi.
    assert '<option value="hi" lang="hi" selected>हिंदी</option>' in html
    assert '<option value="en" lang="en">English</option>' in html
    c.post("/i18n/setlang/", {"language": "en", "next": "/claims/"})
    assert '<html lang="en">' in c.get("/claims/").content.decode()


def test_language_switch_refuses_an_offsite_next_and_an_unknown_language(world, client_for):
    c = client_for(world["seller"])
    res = c.post("/i18n/setlang/", {"language": "hi", "next": "https://evil.example/"})
    assert res.status_code == 302 and "evil.example" not in res["Location"]
    c.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    assert '<html lang="hi">' in c.get("/").content.decode()  # still Hindi, not broken


def _amounts_and_times(html: str) -> tuple[list[str], list[str]]:
    amounts = re.findall(r"₹[\d,]+(?:\.\d\d)?", html)
    times = re.findall(r"\d{1,2}:\d\d IST", html)
    return amounts, times


@pytest.mark.parametrize("name", ["order_detail", "claim_detail", "profile"])
def test_rupees_and_ist_times_are_the_same_in_both_languages(name, world, client_for, client):
    en, _, _ = _page(name, world, client_for, client, {})
    hi, _, _ = _page(name, world, client_for, client, HI)
    en_amounts, en_times = _amounts_and_times(en.content.decode())
    hi_amounts, hi_times = _amounts_and_times(hi.content.decode())
    assert en_amounts and en_amounts == hi_amounts
    assert en_times == hi_times
    assert "₹1,23,456" in hi.content.decode()
    assert "₹123,456" not in hi.content.decode()  # no Western grouping


def test_filters_give_indian_grouping_and_ist_in_hindi():
    moment = datetime(2026, 11, 1, 9, 30, tzinfo=UTC)  # 15:00 IST
    template = engines["django"].from_string(
        "{{ a|inr }}|{{ a|inr0 }}|{{ big|inr }}|{{ m|ist }}|{{ m|ist:'j F Y' }}|{{ n }}|{{ a }}"
    )
    context = {"a": Decimal("123456"), "big": Decimal("-12345678.5"), "m": moment, "n": 1234567}
    with translation.override("en"):
        en = template.render(context).split("|")
    with translation.override("hi"):
        hi = template.render(context).split("|")
    assert en[:3] == hi[:3] == ["₹1,23,456.00", "₹1,23,456", "-₹1,23,45,678.50"]
    assert en[3] == "1 Nov 2026, 15:00 IST"
    assert hi[3] == "1 नवंबर 2026, 15:00 IST"
    assert hi[4] == "1 नवंबर 2026 IST"
    # USE_THOUSAND_SEPARATOR is off: plain numbers are not regrouped in either language.
    assert en[5:] == hi[5:] == ["1234567", "123456"]


def test_hindi_month_names_are_spelled_correctly():
    template = engines["django"].from_string("{{ m|ist }}")
    with translation.override("hi"):
        months = [
            template.render({"m": datetime(2026, month, 10, 6, 30, tzinfo=UTC)}) for month in range(1, 13)
        ]
    names = [m.split()[1].rstrip(",") for m in months]
    assert names == [
        "जनवरी",
        "फ़रवरी",
        "मार्च",
        "अप्रैल",
        "मई",
        "जून",
        "जुलाई",
        "अगस्त",
        "सितंबर",
        "अक्टूबर",
        "नवंबर",
        "दिसंबर",
    ]


PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdfir]|%%")
TAG = re.compile(r"</?[a-z]+[^>]*>")


PART_PO_PATHS = sorted((Path(settings.BASE_DIR) / "locale" / "parts").glob("*/hi/LC_MESSAGES/django.po"))


@pytest.mark.parametrize(
    "path",
    [PO_PATH, OVERRIDES_PO_PATH, *PART_PO_PATHS],
    ids=["portal", "overrides", *[p.parts[-5] for p in PART_PO_PATHS]],
)
def test_po_file_is_complete(path):
    po = polib.pofile(str(path))
    assert len(po) > 0
    assert not po.metadata_is_fuzzy
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    assert po.metadata["Language"] == "hi"


def _pairs(entry):
    if entry.msgid_plural:
        return [(entry.msgid, entry.msgstr_plural[0]), (entry.msgid_plural, entry.msgstr_plural[1])]
    return [(entry.msgid, entry.msgstr)]


def test_every_placeholder_and_tag_survives_translation():
    problems = []
    for entry in polib.pofile(str(PO_PATH)):
        for source, translated in _pairs(entry):
            if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(translated)):
                problems.append(("placeholder", source, translated))
            if sorted(TAG.findall(source)) != sorted(TAG.findall(translated)):
                problems.append(("html", source, translated))
            if source.endswith("\n") != translated.endswith("\n"):
                problems.append(("newline", source, translated))
    assert problems == []


def test_translations_are_hindi_not_copies():
    """Every entry with English words in it gets Devanagari (brand names and codes excepted)."""
    devanagari = re.compile(r"[\u0900-\u097F]")
    copies = [
        entry.msgid
        for entry in polib.pofile(str(PO_PATH))
        for source, translated in _pairs(entry)
        if re.search(r"[a-z]{3}", PLACEHOLDER.sub("", TAG.sub("", source)))
        and not devanagari.search(translated)
    ]
    # The brand, and an API error naming a parameter, are the same in both languages.
    assert set(copies) <= {"PartnerNet", "draft_id must be a number."}


def _hindi_client(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "hi"
    return client


def test_sign_in_with_a_wrong_password_says_so_in_hindi(seller, client):
    res = _hindi_client(client).post(
        "/accounts/login/", {"login": seller.email, "password": "not-the-password"}
    )
    assert res.status_code == 200
    html = res.content.decode()
    _assert_hindi(html, ["ई-मेल पता या पासवर्ड सही नहीं है।"])
    assert "not correct" not in html
    assert "_auth_user_id" not in client.session


def test_sign_in_greets_the_seller_in_hindi(seller, client):
    res = _hindi_client(client).post(
        "/accounts/login/", {"login": seller.email, "password": f.PASSWORD, "next": "/claims/"}, follow=True
    )
    assert res.redirect_chain[-1][0] == "/claims/"
    html = res.content.decode()
    _assert_hindi(html, [f"आपने {seller.get_short_name()}", "के रूप में साइन इन कर लिया है।"])
    assert "Successfully signed in" not in html


def test_sign_up_password_rules_and_errors_in_hindi(seller, client):
    from partnernet.users.models import User

    c = _hindi_client(client)
    page = c.get("/accounts/signup/").content.decode()
    assert "आपका पासवर्ड सिर्फ़ अंकों से नहीं बना होना चाहिए।" in page
    assert "Your password can’t be entirely numeric." not in page
    users_before = User.objects.count()
    res = c.post("/accounts/signup/", {"email": seller.email, "password1": "12345", "password2": "12345"})
    html = res.content.decode()
    _assert_hindi(html, ["इस ई-मेल पते से पहले ही एक अकाउंट बना हुआ है।", "यह पासवर्ड सिर्फ़ अंकों से बना है।"])
    assert "too short" not in html and "already registered" not in html
    assert User.objects.count() == users_before


def test_library_strings_overridden_in_hindi_still_exist_in_the_libraries():
    """The overrides match Django's and allauth's msgids exactly; an upgrade that rewords one shows here."""
    import allauth
    import django

    sources = [
        Path(django.__file__).parent / "conf" / "locale" / "fr" / "LC_MESSAGES" / "django.po",
        Path(django.__file__).parent / "contrib" / "auth" / "locale" / "fr" / "LC_MESSAGES" / "django.po",
        Path(allauth.__file__).parent / "locale" / "fr" / "LC_MESSAGES" / "django.po",
    ]
    known = {(e.msgctxt, e.msgid, e.msgid_plural or None) for p in sources for e in polib.pofile(str(p))}
    overrides = polib.pofile(str(OVERRIDES_PO_PATH))
    missing = [e.msgid for e in overrides if (e.msgctxt, e.msgid, e.msgid_plural or None) not in known]
    assert missing == []
    # Where the portal has the same msgid its translation wins; the two files must agree.
    portal = {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(str(PO_PATH))}
    disagree = [
        e.msgid
        for e in overrides
        if (e.msgctxt, e.msgid) in portal and portal[(e.msgctxt, e.msgid)] != e.msgstr
    ]
    assert disagree == []


def _feedback_email(seller, partner, member, language):
    from claims.feedback import PURPOSE_FEEDBACK
    from partnernet.models import OutboxMessage
    from tests.orders.factories import completed_order_via_services

    seller.preferred_language = language
    seller.save(update_fields=["preferred_language"])
    with time_machine.travel(datetime(2026, 11, 1, 9, 30, tzinfo=UTC), tick=False):  # 15:00 IST
        order = completed_order_via_services(
            seller_user=seller, partner=partner, member=member, price="123456.00"
        )
    return order, OutboxMessage.objects.get(purpose=PURPOSE_FEEDBACK, recipient=seller.email)


@pytest.fixture
def guaranteed_with_member(db):
    partner = f.guaranteed_partner(name="Acme Catalogue Services")
    return partner, f.PartnerMemberFactory(partner=partner).user


def test_feedback_email_to_a_hindi_seller_is_in_hindi_with_rupees_and_ist(seller, guaranteed_with_member):
    partner, member = guaranteed_with_member
    order, message = _feedback_email(seller, partner, member, "hi")
    assert message.subject == f"{partner.name} का काम कैसा रहा? आपका ऑर्डर {order.reference} पूरा हो गया है"
    body = message.body_text
    assert f"नमस्ते {seller.get_short_name()}," in body
    assert f"ऑर्डर {order.reference} को 1 नवंबर 2026, 15:00 IST को पूरा मार्क किया।" in body
    assert "तय कीमत: ₹1,23,456.00" in body
    assert "यह ऑर्डर सर्विस गारंटी से कवर है।" in body
    assert "Hello" not in body and "Agreed price" not in body
    assert "₹1,23,456.00" in message.body_html


def test_feedback_email_stays_english_for_other_sellers(seller, guaranteed_with_member):
    partner, member = guaranteed_with_member
    order, message = _feedback_email(seller, partner, member, "")
    assert message.subject == f"How did {partner.name} do? Your order {order.reference} is complete"
    assert "Agreed price: ₹1,23,456.00" in message.body_text
    assert "1 Nov 2026, 15:00 IST" in message.body_text


def test_feedback_email_claim_deadline_is_written_in_hindi(seller, guaranteed_with_member):
    partner, member = guaranteed_with_member
    _, message = _feedback_email(seller, partner, member, "hi")
    assert "आप मंगलवार, 1 दिसंबर 2026, 23:59 IST तक क्लेम कर सकते हैं:" in message.body_text
    assert "IST on" not in message.body_text and "December" not in message.body_text
    assert "<strong>मंगलवार, 1 दिसंबर 2026, 23:59 IST</strong>" in message.body_html


def test_feedback_email_claim_deadline_in_english_is_unchanged(seller, guaranteed_with_member):
    partner, member = guaranteed_with_member
    _, message = _feedback_email(seller, partner, member, "")
    assert "you can file a claim until 11:59 PM IST on Tuesday, 1 December 2026:" in message.body_text


def test_the_language_switch_is_remembered_for_a_signed_in_users_emails(client, seller):
    client.force_login(seller)

    response = client.post("/i18n/setlang/", {"language": "hi", "next": "/"})

    assert response.status_code == 302
    seller.refresh_from_db()
    assert seller.preferred_language == "hi"
    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    seller.refresh_from_db()
    assert seller.preferred_language == "hi"
