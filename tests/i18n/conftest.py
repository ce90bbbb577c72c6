"""The Hindi tests need compiled catalogues: `make test` compiles them; this covers a bare pytest run."""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import trans_real


@pytest.fixture(scope="session", autouse=True)
def _compiled_translations():
    call_command("compile_translations", verbosity=0)
    # A catalogue loaded before the .mo existed stays cached for the process: drop it.
    trans_real._translations = {}
    trans_real._default = None


@pytest.fixture(autouse=True)
def _english_again_after_each_test():
    """LocaleMiddleware leaves the request's language active in the thread after a test request;
    put English back so that the next test (in any area) starts as it would alone."""
    yield
    translation.activate(settings.LANGUAGE_CODE)
