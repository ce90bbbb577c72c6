"""The house's shape: the declared layer order, its contracts, and settings read in one place.

`lint-imports` (in .ci/run) checks every contract on the whole tree; these tests keep the
contracts themselves honest (no ignored imports, every app named) and hold the platform
package to the rule that it imports no app above it.
"""

import re
import tomllib
from pathlib import Path

import grimp
from django.apps import apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
LINTER = PYPROJECT["tool"]["importlinter"]
LAYERS_CONTRACT = next(c for c in LINTER["contracts"] if c["type"] == "layers")
LAYERS = LAYERS_CONTRACT["layers"]  # top first
CODE_PACKAGES = LINTER["root_packages"]


def _local_top_packages() -> set[str]:
    """The top-level packages of the project's own installed apps (not Django's or a library's)."""
    found = set()
    root = ROOT.resolve()
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        # The virtualenv may live inside the checkout (.venv): its apps are libraries.
        if path.is_relative_to(root) and not path.is_relative_to(root / ".venv"):
            found.add(config.name.split(".")[0])
    return found


def test_no_contract_ignores_an_import():
    for contract in LINTER["contracts"]:
        assert "ignore_imports" not in contract, contract["name"]


def test_the_layers_contract_names_every_app_of_the_project():
    assert set(LAYERS) == set(CODE_PACKAGES)
    assert _local_top_packages() <= set(LAYERS)
    assert LAYERS[0] == "devdata" and LAYERS[-1] == "partnernet"


def test_models_and_selectors_have_their_forbidden_contracts():
    forbidden = [c for c in LINTER["contracts"] if c["type"] == "forbidden"]
    by_source = {tuple(c["source_modules"]): set(c["forbidden_modules"]) for c in forbidden}
    assert {"**.services", "**.selectors", "**.views", "**.apis"} <= by_source[("**.models",)]
    assert {"**.services"} <= by_source[("**.selectors",)]


def _imports_above(package: str) -> list[str]:
    graph = grimp.build_graph(*CODE_PACKAGES, cache_dir=None)
    higher = LAYERS[: LAYERS.index(package)]
    found = []
    for module in sorted(graph.find_descendants(package) | {package}):
        for imported in graph.find_modules_directly_imported_by(module):
            if imported.split(".")[0] in higher:
                found.append(f"{module} -> {imported}")
    return found


def test_the_platform_imports_no_app_above_it():
    # Function-level imports count: grimp sees every import statement in the module.
    assert _imports_above("partnernet") == []


def test_settings_are_read_only_through_settings_py():
    """No `getattr(settings, "X", default)` elsewhere: a default lives in settings.py, read
    from the environment and listed in the README, or nowhere."""
    offenders = []
    for package in CODE_PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts or path.name == "settings.py":
                continue
            text = path.read_text(encoding="utf-8")
            if re.search(r"getattr\(\s*settings\s*,", text):
                offenders.append(str(path.relative_to(ROOT)))
            for name in set(re.findall(r"\bsettings\.([A-Z][A-Z0-9_]+)\b", text)):
                if not hasattr(settings, name):
                    offenders.append(f"{path.relative_to(ROOT)}: settings.{name} is not defined")
    assert offenders == []
