"""The one way a service starts a background task: by the task's name, once the current transaction commits.

Services name the task instead of importing the module that runs it, so a lower layer never imports a higher one.
The task is written to the outbox in the caller's transaction (kostra.outbox): it is started if and only if that
transaction commits, even when the broker is down at that moment, and it runs once however often it is sent.
"""

from django.db import transaction


def enqueue_on_commit(task_name: str, *args) -> None:
    """Start the task named `task_name` with `args` (JSON values) once the current transaction commits (at once
    outside one); if the broker cannot take it then, the outbox sweep sends it later."""
    from kostra.outbox import sending

    message = sending.write(task_name, args)
    transaction.on_commit(lambda: sending.send_after_commit(message.pk))
