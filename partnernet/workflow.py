"""The one state-machine idiom: a `Status` TextChoices, one transition map, one method.

A model mixes in `StateMachine`, names its status field and declares
`TRANSITIONS = {from_status: {to_status, ...}}`. A service then, inside its own
`transaction.atomic`:

    locked = Model.objects.select_for_update().get(pk=obj.pk)
    locked.transition_to(Model.Status.ACCEPTED)       # StateError if not allowed
    locked.save(update_fields=[...])
    ModelEvent.record(locked, ...)                      # append-only, same transaction

`transition_to` only checks and assigns; the lock, the save and the event row
stay visible in the service, where a reader looks for them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from django.utils.translation import gettext_lazy as _

from partnernet.errors import StateError


class StateMachine:
    """Mixin for models with a status field and an explicit transition map."""

    STATUS_FIELD: ClassVar[str] = "status"
    TRANSITIONS: ClassVar[Mapping[str, Iterable[str]]] = {}
    # The StateError subclass this model raises (so callers may catch a narrower type).
    state_error: ClassVar[type[StateError]] = StateError

    @property
    def current_status(self) -> str:
        return str(getattr(self, self.STATUS_FIELD))

    def can_transition_to(self, status: str) -> bool:
        return str(status) in {str(s) for s in self.TRANSITIONS.get(self.current_status, ())}

    def allowed_transitions(self) -> set[str]:
        return {str(s) for s in self.TRANSITIONS.get(self.current_status, ())}

    def transition_to(self, status: str, *, message: Any = None) -> None:
        """Move to `status` or raise this model's StateError; the caller saves."""
        if not self.can_transition_to(status):
            raise self.state_error(
                message
                or _("This is not possible while it is %(status)s.") % {"status": self._status_label()},
                extra={"status": self.current_status},
            )
        setattr(self, self.STATUS_FIELD, status)

    def _status_label(self) -> str:
        display = getattr(self, f"get_{self.STATUS_FIELD}_display", None)
        return str(display()).lower() if callable(display) else self.current_status
