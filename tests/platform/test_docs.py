"""The README and the docs never send a reader outside the repository."""

import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR).resolve()
DOCS = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]


@pytest.mark.parametrize("path", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_and_path_stays_inside_the_repository(path):
    text = path.read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text)
    outside, missing = [], []
    for target in targets:
        if re.match(r"[a-z]+://", target):  # a web address (none are needed today)
            continue
        resolved = (path.parent / target).resolve()
        if not resolved.is_relative_to(ROOT):
            outside.append(target)
        elif not resolved.exists():
            missing.append(target)
    outside += re.findall(r"`(\.\./[^`]+)`", text)
    assert outside == [], f"{path.name} points outside the repository: {outside}"
    assert missing == [], f"{path.name} links to files that do not exist: {missing}"


def test_the_architecture_and_domain_docs_exist_and_are_linked_from_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("docs/ARCHITECTURE.md", "docs/DOMAIN.md", "CONTRIBUTING.md"):
        assert (ROOT / name).exists()
        assert f"]({name})" in readme
