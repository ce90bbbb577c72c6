from django.apps import AppConfig


class GuaranteesConfig(AppConfig):
    name = "guarantees"
    verbose_name = "Service Guarantee programme"
