"""Partner logos are the one kind of upload that is public: served by a view, only as an image."""

from django.core.files.base import ContentFile

from tests import factories as f
from tests.security.test_authorization_matrix import png_bytes


def test_logo_is_served_as_an_image_and_linked_from_the_profile(client, db):
    partner = f.PartnerFactory()
    partner.logo.save("logo.png", ContentFile(png_bytes()), save=True)

    response = client.get(f"/partners/{partner.slug}/logo/")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == png_bytes()
    assert f"/partners/{partner.slug}/logo/" in client.get(f"/partners/{partner.slug}/").content.decode()


def test_no_logo_unlisted_partner_or_a_file_that_is_not_an_image_is_a_404(client, db):
    without = f.PartnerFactory()
    unlisted = f.PartnerFactory(is_listed=False)
    unlisted.logo.save("logo.png", ContentFile(png_bytes()), save=True)
    disguised = f.PartnerFactory()
    disguised.logo.save("logo.png", ContentFile(b"<script>alert(1)</script>"), save=True)

    for partner in (without, unlisted, disguised):
        assert client.get(f"/partners/{partner.slug}/logo/").status_code == 404
