"""Claim documents on S3 (django-storages) against a real moto server: private objects,
server-made keys, and a short-lived signed URL that downloads as an attachment."""

import contextlib
import socket
import urllib.request
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse

from claims.services import claim_document_add, claim_draft_create
from claims.services.documents import document_token
from tests.claims.conftest import VALID_FIELDS, pdf

BUCKET = "partnernet-test-claims"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def moto_endpoint():
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3(moto_endpoint, settings, monkeypatch):
    import boto3

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "ap-south-1")
    client = boto3.client("s3", endpoint_url=moto_endpoint, region_name="ap-south-1")
    with contextlib.suppress(client.exceptions.BucketAlreadyOwnedByYou):
        client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "ap-south-1"})
    settings.AWS_STORAGE_BUCKET_NAME = BUCKET
    settings.AWS_QUERYSTRING_EXPIRE = 120
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": moto_endpoint,
                "region_name": "ap-south-1",
                "default_acl": "private",
                "querystring_auth": True,
                "querystring_expire": 120,
                "file_overwrite": False,
            },
        },
    }
    return client


@pytest.mark.django_db
def test_upload_goes_to_s3_privately_and_downloads_through_a_signed_url(s3, order, order_seller, client_for):
    draft = claim_draft_create(order=order, user=order_seller, **VALID_FIELDS)
    document = claim_document_add(claim=draft, user=order_seller, file=pdf("My Invoice.pdf"), kind="invoice")

    key = document.file.name
    assert key.startswith("claims/") and "Invoice" not in key
    head = s3.head_object(Bucket=BUCKET, Key=key)
    assert head["ContentLength"] == document.size
    grants = s3.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
    assert all("AllUsers" not in str(g.get("Grantee", {})) for g in grants)

    # The bare object URL is refused: objects are private.
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(f"{s3.meta.endpoint_url}/{BUCKET}/{key}")  # noqa: S310 (local moto)

    response = client_for(order_seller).get(
        reverse("claims:document", args=[draft.reference, document_token(document)])
    )
    assert response.status_code == 302
    signed = response["Location"]
    query = parse_qs(urlparse(signed).query)
    assert "X-Amz-Signature" in query and query["X-Amz-Expires"] == ["120"]
    with urllib.request.urlopen(signed) as fetched:  # noqa: S310 (local moto)
        assert fetched.read().startswith(b"%PDF")
        assert fetched.headers["Content-Disposition"].startswith("attachment")
        assert "My Invoice.pdf" in fetched.headers["Content-Disposition"]


@pytest.mark.django_db
def test_s3_download_is_404_for_another_seller(s3, order, order_seller, client_for, seller_b):
    draft = claim_draft_create(order=order, user=order_seller, **VALID_FIELDS)
    document = claim_document_add(claim=draft, user=order_seller, file=pdf(), kind="invoice")
    response = client_for(seller_b).get(
        reverse("claims:document", args=[draft.reference, document_token(document)])
    )
    assert response.status_code == 404
    assert "Location" not in response
