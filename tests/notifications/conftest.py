"""The remedies world (a decided claim with its remedy) serves the notification tests too."""

from tests.remedies.conftest import world  # noqa: F401 (a fixture, registered by import)
