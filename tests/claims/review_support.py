"""Helpers for the reviewer-workspace tests (tests/claims/test_review_*.py, tests/browser/test_review_*)."""

from django.contrib.auth.models import Group

from claims.models import DecisionTemplate, ReasonCode
from partnernet.users.models import LEADS_GROUP, REVIEWERS_GROUP
from tests import factories as f

RATIONALE = "The partner delivered 20 of the 50 agreed listings; the scope document is clear."


def staff(group_name=REVIEWERS_GROUP, **kwargs):
    user = f.UserFactory(is_staff=True, **kwargs)
    group, _ = Group.objects.get_or_create(name=group_name)
    user.groups.add(group)
    return user


def reviewer_user(**kwargs):
    return staff(REVIEWERS_GROUP, **kwargs)


def lead_user(**kwargs):
    return staff(LEADS_GROUP, **kwargs)


def reason_code(code="scope_not_delivered", label="Scope not delivered", outcomes=""):
    return ReasonCode.objects.get_or_create(code=code, defaults={"label": label, "outcomes": outcomes})[0]


def decision_template(**kwargs):
    defaults = {"name": "Partial delivery", "outcome": "partially_upheld", "text": RATIONALE}
    defaults.update(kwargs)
    return DecisionTemplate.objects.create(**defaults)


def decide_kwargs(**overrides):
    kwargs = {
        "outcome": "partially_upheld",
        "remedy": "partial_refund",
        "amount": "4000.00",
        "reason_code": reason_code().code,
        "rationale": RATIONALE,
    }
    kwargs.update(overrides)
    return kwargs
