from django.urls import path

from partners.apis import directory as apis

urlpatterns = [
    path("partners/", apis.PartnerListApi.as_view(), name="api-partner-list"),
    path("partners/<slug:slug>/", apis.PartnerDetailApi.as_view(), name="api-partner-detail"),
    path("partners/<slug:slug>/reviews/", apis.PartnerReviewsApi.as_view(), name="api-partner-reviews"),
    path("categories/", apis.CategoryListApi.as_view(), name="api-category-list"),
    path("console/profile/", apis.ConsoleProfileApi.as_view(), name="api-console-profile"),
    path("console/offerings/", apis.ConsoleOfferingsApi.as_view(), name="api-console-offerings"),
    path("console/offerings/<int:pk>/", apis.ConsoleOfferingDetailApi.as_view(), name="api-console-offering"),
    path("console/promotions/", apis.ConsolePromotionsApi.as_view(), name="api-console-promotions"),
]
