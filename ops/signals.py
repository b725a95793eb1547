"""Signals other apps listen to, so ops never imports them (the support desk follows incidents, INC-3)."""

from django.dispatch import Signal

# Sent by `ops.services.incidents.incident_advance` inside its transaction, after the step is recorded, with
# `incident`, `status` (the step reached) and `actor`. A receiver's writes commit or roll back with the step.
incident_step_reached = Signal()
