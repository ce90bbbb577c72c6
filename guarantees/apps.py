from django.apps import AppConfig


class GuaranteesConfig(AppConfig):
    name = "guarantees"
    verbose_name = "Service Guarantee programme"

    def ready(self):
        # partners calls the programme through its declared hooks, never by import.
        from guarantees.sections import profile_guarantee_section
        from guarantees.services.badges import coverage_for_order
        from partners.hooks import order_coverage, profile_sections

        order_coverage.register(coverage_for_order)
        profile_sections.register(profile_guarantee_section)
