"""One form vocabulary: every form of the project renders through templates/forms/field.html and
the one error summary; long multiple choices are checkbox grids with a filter box."""

import importlib
import inspect
import pkgutil
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.utils.module_loading import import_string

from guarantees.models import ProgrammeRequirement
from partnernet.forms import MoneyField, PortalBoundField
from tests import factories as f

pytestmark = pytest.mark.django_db

APPS = ["partnernet", "partners", "guarantees", "claims", "resolution", "remedies", "devdata"]
TEMPLATES = Path(settings.BASE_DIR) / "templates"


def _form_modules():
    for app in APPS:
        try:
            package = importlib.import_module(app)
        except ImportError:
            continue
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{app}."):
            if "forms" in info.name.rsplit(".", 1)[-1] or ".forms." in info.name:
                yield importlib.import_module(info.name)


def project_form_classes():
    found = {}
    for module in _form_modules():
        for _name, obj in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(obj, forms.BaseForm)
                and obj.__module__ == module.__name__
                and not _name.startswith("_")
            ):
                found[f"{obj.__module__}.{obj.__name__}"] = obj
    for path in settings.ACCOUNT_FORMS.values():
        found[path] = import_string(path)
    return found


def _kwargs(cls, world):
    """What each form needs to be made (a form not named here is made with no arguments)."""
    needs = {
        "PromotionForm": {"partner": world["partner"]},
        "OrderRequestForm": {"partner": world["partner"]},
        "TermsForm": {"requirements": ProgrammeRequirement.objects.all()},
        "ClaimDetailsForm": {"agreed_price": Decimal("10000.00")},
        "OnBehalfForm": {"agreed_price": Decimal("10000.00")},
        "RespondForm": {"agreed_price": Decimal("10000.00")},
    }
    return needs.get(cls.__name__, {})


@pytest.fixture
def world():
    partner = f.guaranteed_partner()
    for i in range(8):
        f.CityFactory(slug=f"city-{i}", name=f"City {i}")
    f.RequirementFactory()
    return {"partner": partner}


def _make(cls, world, data=None):
    kwargs = _kwargs(cls, world)
    if cls.__module__.startswith("allauth") or cls.__name__ in {
        "LoginForm",
        "SignupForm",
        "ResetPasswordForm",
        "ResetPasswordKeyForm",
    }:
        return cls(data) if data is not None else cls()
    return cls(data, **kwargs) if data is not None else cls(**kwargs)


FIELD_WRAPPER = re.compile(r'class="mb-3 pn-field[^"]*" data-field="([^"]+)"')


def test_the_renderer_is_the_portal_one():
    assert settings.FORM_RENDERER == "partnernet.forms.PortalFormRenderer"
    form = forms.Form()
    assert form.renderer.field_template_name == "forms/field.html"
    assert form.renderer.form_template_name == "forms/form.html"


def test_every_form_renders_every_field_through_the_one_field_template(world):
    classes = project_form_classes()
    # The walk found the forms it must (a package rename would otherwise empty it silently).
    names = {c.__name__ for c in classes.values()}
    assert {
        "PartnerProfileForm",
        "OrderRequestForm",
        "ClaimDetailsForm",
        "DecisionForm",
        "TermsForm",
    } <= names
    assert {"LoginForm", "SignupForm"} <= names
    for path, cls in classes.items():
        form = _make(cls, world)
        html = form.render()
        assert isinstance(form[next(iter(form.fields))], PortalBoundField), path
        wrapped = set(FIELD_WRAPPER.findall(html))
        visible = {bf.html_name for bf in form.visible_fields() if bf.label != ""}
        assert visible <= wrapped, (path, visible - wrapped)
        # Bootstrap classes on every visible widget; nothing is a Ctrl-click list box.
        assert "<select multiple" not in html and " multiple>" not in html, path
        for bf in form.visible_fields():
            widget_html = str(bf)
            assert re.search(r'class="[^"]*(form-control|form-select|form-check-input)', widget_html), (
                path,
                bf.name,
            )


def test_a_bound_form_with_errors_has_the_summary_and_errors_next_to_each_field(world):
    for path, cls in project_form_classes().items():
        form = _make(cls, world, data={"__nothing__": "x"})
        form.is_valid()
        html = form.render()
        if not form.errors:
            continue
        assert "data-error-summary" in html and "Please correct the following:" in html, path
        for name in form.errors:
            if name == "__all__" or form[name].is_hidden:
                continue
            bf = form[name]
            assert f'id="{bf.auto_id}-errors"' in html, (path, name)
            assert f'href="#{bf.anchor_id}"' in html, (path, name)
            described = re.search(rf'id="{bf.auto_id}-errors"', html)
            assert described and f"{bf.auto_id}-errors" in (bf.aria_describedby or ""), (path, name)
            assert 'aria-invalid="true"' in str(bf) or bf.widget_kind == "choices", (path, name)


def test_every_decimal_field_of_a_form_is_the_money_field_except_ratings(world):
    not_money = []
    for path, cls in project_form_classes().items():
        form = _make(cls, world)
        for name, field in form.fields.items():
            if isinstance(field, forms.DecimalField) and not isinstance(field, MoneyField):
                not_money.append(f"{path}.{name}")
    assert not_money == ["partners.forms.DirectoryFilterForm.min_rating"]


def test_long_multiple_choices_are_checkbox_grids_with_a_filter_box(client_for, partner_member):
    for i in range(9):
        f.CityFactory(slug=f"grid-city-{i}", name=f"Grid City {i}")
        f.CategoryFactory(slug=f"grid-cat-{i}", name=f"Grid Category {i}")
        f.LanguageFactory(code=f"g{i}", name=f"Grid Language {i}")
    html = client_for(partner_member).get("/console/").content.decode()
    assert "<select multiple" not in html and 'name="cities" multiple' not in html
    for name in ("categories", "cities", "languages"):
        block = re.search(
            rf'<fieldset class="mb-3 pn-field pn-grid" data-field="{name}".*?</fieldset>', html, re.S
        )
        assert block, name
        block = block.group(0)
        assert 'class="pn-check-grid"' in block
        # The filter box is there for the script to show; without JavaScript it stays hidden.
        assert re.search(r'<div class="pn-grid-filter mb-2" hidden>', block)
        assert f'<label class="form-label small mb-1" for="id_{name}_filter">' in block
        assert 'type="checkbox"' in block and 'class="form-check-input"' in block
    assert 'src="/static/js/forms.js"' in html


def test_short_choices_are_not_grids(world):
    from partners.forms_orders import ReviewForm

    html = ReviewForm().render()
    assert "pn-grid" not in html and "form-check-inline" in html


def test_no_template_uses_an_old_field_or_error_partial():
    old = re.compile(
        r"_field\.html|_form_errors|claims/_errors|review_errors|review_field|order_field|order_errors|"
        r"guarantees/_errors|partners/_form\.html"
    )
    offenders = [
        str(p.relative_to(TEMPLATES))
        for p in TEMPLATES.rglob("*.html")
        if old.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_every_html_email_extends_the_one_base_layout():
    mails = sorted((TEMPLATES / "emails").rglob("*.html"))
    assert mails
    for path in mails:
        if path.name == "base.html" and path.parent.name == "emails":
            continue
        assert path.read_text(encoding="utf-8").startswith('{% extends "emails/base.html" %}'), path


def test_seller_and_partner_claim_pages_share_the_sidebar():
    for name in ("claim_detail.html", "console_claim_detail.html"):
        text = (TEMPLATES / "claims" / name).read_text(encoding="utf-8")
        assert '{% include "claims/_claim_sidebar.html"' in text
        assert 'aria-labelledby="docs-h"' not in text  # the documents block lives in the sidebar only
