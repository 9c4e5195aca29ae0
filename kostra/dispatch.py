"""The one way a service starts a background task: by the task's name, once the current transaction commits.

Services name the task instead of importing the module that runs it, so a lower layer never imports a higher one.
"""

from django.db import transaction


def enqueue_on_commit(task_name: str, *args) -> None:
    """Send the task named `task_name` with `args` after the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: _send(task_name, args))


def _send(task_name: str, args: tuple) -> None:
    from kostra.celery import app

    if task_name not in app.tasks:
        app.loader.import_default_modules()  # a web process has not autodiscovered the apps' tasks modules yet
    # apply_async on the registered task (not send_task) so that eager mode runs it in-process as well.
    app.tasks[task_name].apply_async(args=args)
