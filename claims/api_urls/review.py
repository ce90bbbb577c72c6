from django.urls import path

from claims.apis import review as api

urlpatterns = [
    path("review/claims/", api.ReviewClaimListApi.as_view(), name="api-review-claims"),
    path("review/reason-codes/", api.ReviewReasonCodesApi.as_view(), name="api-review-reason-codes"),
    path("review/take-next/", api.ReviewTakeNextApi.as_view(), name="api-review-take-next"),
    path("review/claims/<str:reference>/", api.ReviewClaimDetailApi.as_view(), name="api-review-claim"),
    path("review/claims/<str:reference>/assign/", api.ReviewAssignApi.as_view(), name="api-review-assign"),
    path(
        "review/claims/<str:reference>/request-info/",
        api.ReviewRequestInfoApi.as_view(),
        name="api-review-request-info",
    ),
    path("review/claims/<str:reference>/notes/", api.ReviewNoteApi.as_view(), name="api-review-notes"),
    path("review/claims/<str:reference>/decide/", api.ReviewDecideApi.as_view(), name="api-review-decide"),
]
