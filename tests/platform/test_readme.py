"""The README's configuration table names every variable settings.py reads."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def test_every_environment_variable_is_in_the_readme_table():
    source = (ROOT / "partnernet" / "settings.py").read_text(encoding="utf-8")
    read = set(re.findall(r"env(?:\.[a-z_]+)?\(\s*\"([A-Z][A-Z0-9_]*)\"", source))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = set(re.findall(r"^\| `([A-Z][A-Z0-9_]*)` \|", readme, re.M))
    assert read, "no env reads found: the pattern no longer matches settings.py"
    assert read - table == set(), f"add to the README's configuration table: {sorted(read - table)}"
    assert table - read == set(), (
        f"the README documents variables settings.py no longer reads: {sorted(table - read)}"
    )


def test_readme_opens_with_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    head = readme[:400]
    assert "make run" in head and "make test" in head
