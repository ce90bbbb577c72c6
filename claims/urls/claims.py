from django.urls import path

from claims.views import documents, filing, partner, seller

urlpatterns = [
    path("claims/", seller.claim_list, name="list"),
    path("claims/new/", filing.claim_new, name="new"),
    path("claims/on-behalf/", filing.claim_on_behalf, name="on_behalf"),
    path("claims/<str:reference>/", seller.claim_detail, name="detail"),
    path("claims/<str:reference>/edit/details/", filing.claim_step_details, name="step_details"),
    path("claims/<str:reference>/edit/documents/", filing.claim_step_documents, name="step_documents"),
    path(
        "claims/<str:reference>/edit/documents/<str:token>/remove/",
        filing.claim_step_document_remove,
        name="step_document_remove",
    ),
    path("claims/<str:reference>/edit/review/", filing.claim_step_review, name="step_review"),
    path("claims/<str:reference>/withdraw/", seller.claim_withdraw, name="withdraw"),
    path("claims/<str:reference>/messages/", seller.claim_message, name="message"),
    path("claims/<str:reference>/documents/", seller.claim_document_add, name="document_add"),
    path("claims/<str:reference>/documents/<str:token>/", documents.document_download, name="document"),
    path("claims/<str:reference>/appeal/", seller.claim_appeal, name="appeal"),
    path("claims/<str:reference>/offer/accept/", seller.claim_offer_accept, name="offer_accept"),
    path("claims/<str:reference>/offer/decline/", seller.claim_offer_decline, name="offer_decline"),
    path("claims/<str:reference>/answer/", seller.claim_info_answer, name="info_answer"),
    path("console/claims/", partner.console_claim_list, name="console_list"),
    path("console/claims/<str:reference>/", partner.console_claim_detail, name="console_detail"),
    path("console/claims/<str:reference>/respond/", partner.console_claim_respond, name="console_respond"),
    path("console/claims/<str:reference>/messages/", partner.console_claim_message, name="console_message"),
    path(
        "console/claims/<str:reference>/documents/",
        partner.console_claim_document_add,
        name="console_document_add",
    ),
    path(
        "console/claims/<str:reference>/answer/",
        partner.console_claim_info_answer,
        name="console_info_answer",
    ),
]
