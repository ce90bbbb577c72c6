"""The support groups and their permissions (reviewers see, leads run the programme).

Reviewers are staff (they sign in to the workspace) but hold only view
permissions on claims, partners and the guarantee programme; leads hold the
model permissions on programme settings (reason codes, decision templates,
holidays, requirements, enrolments, periodic tasks). Claim events stay
append-only for everyone.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

LEAD_APPS = ["partners", "guarantees", "claims", "partnernet", "users", "django_celery_beat", "authtoken"]
REVIEWER_VIEW_APPS = ["partners", "guarantees", "claims"]


def forwards(apps, schema_editor):
    # Permissions are normally created after all migrations ran; create them now so
    # that the groups can hold them on a fresh database.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    reviewers, _ = Group.objects.get_or_create(name="Reviewers")
    leads, _ = Group.objects.get_or_create(name="Leads")
    leads.permissions.add(
        *Permission.objects.filter(content_type__app_label__in=LEAD_APPS).exclude(
            codename__in=["change_claimevent", "delete_claimevent"]
        )
    )
    reviewers.permissions.add(
        *Permission.objects.filter(content_type__app_label__in=REVIEWER_VIEW_APPS, codename__startswith="view_")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("claims", "0002_initial"),
        ("partners", "0002_initial"),
        ("guarantees", "0002_initial"),
        ("partnernet", "0001_initial"),
        ("users", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
        ("authtoken", "0004_alter_tokenproxy_options"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
