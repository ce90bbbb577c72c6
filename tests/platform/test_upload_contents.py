"""Issue 16 item 7: uploads are checked whole, not by their first bytes only."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from partnernet.uploads import check_upload
from tests.claims.conftest import PDF


def _image(kind, size=(3, 3)):
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(out, kind)
    return out.getvalue()


def _check(data, name="file"):
    return check_upload(SimpleUploadedFile(name, data, content_type="application/octet-stream"))


@pytest.mark.parametrize(
    ("data", "content_type"),
    [(PDF, "application/pdf"), (_image("PNG"), "image/png"), (_image("JPEG"), "image/jpeg")],
)
def test_whole_files_of_each_kind_are_accepted(data, content_type):
    assert _check(data).content_type == content_type


def test_a_real_pdf_with_an_xref_stream_is_accepted():
    body = b"%PDF-1.5\n1 0 obj<</Type/Catalog>>endobj\n"
    offset = len(body)
    body += b"2 0 obj<</Type/XRef/Size 3/W[1 2 1]/Length 0>>stream\n\nendstream\nendobj\n"
    body += b"startxref\n%d\n%%%%EOF\n" % offset
    assert _check(body).content_type == "application/pdf"


HTML = b"<html><script>alert(document.cookie)</script></html>"


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"%PDF-", id="five-byte-pdf"),
        pytest.param(b"%PDF-1.4\n" + HTML, id="pdf-header-then-html"),
        pytest.param(b"%PDF-1.4\n" + HTML + b"\n%%EOF\n", id="pdf-without-xref"),
        pytest.param(b"%PDF-1.4\n" + HTML + b"\nstartxref\n999999\n%%EOF\n", id="pdf-xref-past-the-end"),
        pytest.param(b"%PDF-1.4\n" + HTML + b"\nstartxref\n9\n%%EOF\n", id="pdf-xref-pointing-at-html"),
        pytest.param(b"\x89PNG\r\n\x1a\n" + HTML, id="png-header-then-html"),
        pytest.param(_image("PNG")[:40], id="truncated-png"),
        pytest.param(b"\xff\xd8\xff\xe0" + HTML, id="jpeg-header-then-html"),
        pytest.param(_image("JPEG")[:60], id="truncated-jpeg"),
    ],
)
def test_files_that_only_start_right_are_refused(data):
    with pytest.raises(ValidationError) as exc:
        _check(data)
    assert exc.value.code == "file_damaged"


def test_a_gif_renamed_png_is_still_refused_by_its_first_bytes():
    with pytest.raises(ValidationError) as exc:
        _check(_image("GIF"), name="x.png")
    assert exc.value.code == "file_type"
