from django.urls import path

from claims.apis import claims as api

urlpatterns = [
    path(
        "orders/<str:reference>/claim-eligibility/",
        api.OrderClaimEligibilityApi.as_view(),
        name="api-order-claim-eligibility",
    ),
    path("claims/", api.ClaimListCreateApi.as_view(), name="api-claims"),
    path("claims/<str:reference>/", api.ClaimDetailApi.as_view(), name="api-claim"),
    path("claims/<str:reference>/documents/", api.ClaimDocumentsApi.as_view(), name="api-claim-documents"),
    path("claims/<str:reference>/submit/", api.ClaimSubmitApi.as_view(), name="api-claim-submit"),
    path("claims/<str:reference>/messages/", api.ClaimMessagesApi.as_view(), name="api-claim-messages"),
    path("claims/<str:reference>/answer/", api.ClaimAnswerApi.as_view(), name="api-claim-answer"),
    path("claims/<str:reference>/withdraw/", api.ClaimWithdrawApi.as_view(), name="api-claim-withdraw"),
    path("claims/<str:reference>/appeal/", api.ClaimAppealApi.as_view(), name="api-claim-appeal"),
    path("claims/<str:reference>/respond/", api.ClaimRespondApi.as_view(), name="api-claim-respond"),
    path(
        "claims/<str:reference>/accept-offer/",
        api.ClaimAcceptOfferApi.as_view(),
        name="api-claim-accept-offer",
    ),
    path(
        "claims/<str:reference>/decline-offer/",
        api.ClaimDeclineOfferApi.as_view(),
        name="api-claim-decline-offer",
    ),
]
