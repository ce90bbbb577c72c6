from django.urls import path

from partners.views import console, directory, profile

urlpatterns = [
    path("partners/", directory.directory, name="directory"),
    path("partners/<slug:slug>/", profile.profile, name="profile"),
    path("partners/<slug:slug>/logo/", directory.partner_logo, name="logo"),
    path("console/", console.profile_edit, name="console"),
    path("console/offerings/", console.offerings, name="console_offerings"),
    path("console/offerings/new/", console.offering_edit, name="console_offering_new"),
    path("console/offerings/<int:pk>/", console.offering_edit, name="console_offering_edit"),
    path("console/offerings/<int:pk>/withdraw/", console.offering_withdraw, name="console_offering_withdraw"),
    path("console/promotions/", console.promotions, name="console_promotions"),
    path("console/promotions/new/", console.promotion_edit, name="console_promotion_new"),
    path("console/promotions/<int:pk>/", console.promotion_edit, name="console_promotion_edit"),
    path("console/promotions/<int:pk>/delete/", console.promotion_remove, name="console_promotion_delete"),
    path("console/reviews/", console.reviews, name="console_reviews"),
    path("console/reviews/<int:pk>/reply/", console.review_reply_view, name="console_review_reply"),
]
