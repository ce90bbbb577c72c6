from django.urls import path

from remedies import apis

urlpatterns = []
for prefix, source, name in (
    ("claims/<str:reference>/remedy/", "claim", "api-claim-remedy"),
    ("orders/<str:reference>/issue/remedy/", "issue", "api-issue-remedy"),
):
    urlpatterns += [
        path(prefix, apis.RemedyDetailApi.as_view(source=source), name=name),
        path(f"{prefix}fulfil/", apis.RemedyFulfilApi.as_view(source=source), name=f"{name}-fulfil"),
        path(f"{prefix}confirm/", apis.RemedyConfirmApi.as_view(source=source), name=f"{name}-confirm"),
        path(f"{prefix}dispute/", apis.RemedyDisputeApi.as_view(source=source), name=f"{name}-dispute"),
    ]
