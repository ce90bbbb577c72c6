"""Claim documents are served only here, after the permission check, as attachments.

With S3 configured the response is a redirect to a short-lived signed URL for
the private object (AWS_QUERYSTRING_EXPIRE seconds) that also forces a download;
otherwise the file streams from local storage.
"""

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from claims.selectors.seller import claim_for_viewer
from claims.services.documents import document_token
from claims.views.common import not_found


def _find(claim, token):
    for document in claim.documents.all():
        if document_token(document) == token:
            return document
    return None


def _disposition(name: str) -> str:
    from django.utils.http import content_disposition_header

    return content_disposition_header(True, name)


@never_cache
@require_GET
def document_download(request, reference, token):
    claim, _role = claim_for_viewer(request.user, reference)
    if claim is None:
        return not_found(request)
    document = _find(claim, token)
    if document is None:
        return not_found(request)
    if settings.AWS_STORAGE_BUCKET_NAME:
        url = document.file.storage.url(
            document.file.name,
            parameters={
                "ResponseContentDisposition": _disposition(document.original_name),
                "ResponseContentType": document.content_type,
            },
            expire=settings.AWS_QUERYSTRING_EXPIRE,
        )
        response = HttpResponseRedirect(url)
        response["Referrer-Policy"] = "no-referrer"
        return response
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, as_attachment=True, filename=document.original_name, content_type=document.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
