from django.apps import AppConfig


class RemediesConfig(AppConfig):
    name = "remedies"
    verbose_name = "Remedies"

    def ready(self) -> None:
        from claims import hooks as claim_hooks
        from guarantees import hooks as guarantee_hooks
        from partners import hooks as partner_hooks
        from remedies import compliance, handlers, panels
        from resolution import hooks as resolution_hooks

        claim_hooks.claim_settled.register(handlers.on_claim_settled)
        claim_hooks.claim_close_blockers.register(handlers.claim_close_blocker)
        claim_hooks.claim_party_panels.register(panels.claim_party_panel)
        claim_hooks.claim_evidence_panels.register(panels.claim_evidence_panel)
        claim_hooks.review_queue_filters.register(handlers.review_queue_filter)
        partner_hooks.order_page_panels.register(panels.order_page_panel)
        resolution_hooks.issue_accepted.register(handlers.on_issue_accepted)
        guarantee_hooks.compliance_contributions.register(compliance.remedy_compliance)
