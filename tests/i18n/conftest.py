"""The Hindi tests need compiled catalogues: `make test` compiles them; this covers a bare pytest run."""

import pytest
from django.core.management import call_command
from django.utils.translation import trans_real


@pytest.fixture(scope="session", autouse=True)
def _compiled_translations():
    call_command("compile_translations", verbosity=0)
    # A catalogue loaded before the .mo existed stays cached for the process: drop it.
    trans_real._translations = {}
    trans_real._default = None
