"""Fixtures of the ops tests that script the mail server and the broker."""

import pytest
from kombu.exceptions import OperationalError

from ops import notifications


@pytest.fixture
def smtp(monkeypatch):
    """A mail server whose answers a test scripts per address: exceptions to raise in turn (the last one
    repeats), or None to accept. Clear it and the server accepts everything again."""
    answers: dict[str, list] = {}
    real_send = notifications.EmailMessage.send

    def send(message, *args, **kwargs):
        script = answers.get(message.to[0])
        if script:
            answer = script.pop(0) if len(script) > 1 else script[0]
            if answer is not None:
                raise answer
        return real_send(message, *args, **kwargs)

    monkeypatch.setattr(notifications.EmailMessage, "send", send)
    return answers


@pytest.fixture
def broker_down(monkeypatch):
    """Every task publish fails as with an unreachable broker; undo it with `broker_down.undo()`."""
    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to broker. Connection refused.")

    monkeypatch.setattr("celery.app.task.Task.apply_async", refuse)
    return monkeypatch
