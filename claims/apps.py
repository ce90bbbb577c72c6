from django.apps import AppConfig


def _feedback_on_completion(order) -> None:
    from claims.feedback import feedback_request_create

    feedback_request_create(order=order)


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims and feedback"

    def ready(self):
        # The apps below call claims through their declared hooks, never by import.
        from claims.compliance_figures import claim_figures_for_partner
        from claims.eligibility import order_cover as order_cover_for_seller
        from claims.eligibility import orders_preload_claims
        from guarantees.hooks import compliance_claim_figures
        from partners.hooks import order_completed, order_cover, order_list_preload

        order_completed.register(_feedback_on_completion)
        order_cover.register(order_cover_for_seller)
        order_list_preload.register(orders_preload_claims)
        compliance_claim_figures.register(claim_figures_for_partner)
