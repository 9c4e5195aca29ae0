"""The one way a service starts a background task: by the task's name, once the current transaction commits.

Services name the task instead of importing the module that runs it, so a lower layer never imports a higher one.
"""

from django.db import transaction


def enqueue_on_commit(task_name: str, *args) -> None:
    """Send the task named `task_name` with `args` after the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: _send(task_name, args))


def chord_on_commit(header: list[tuple[str, tuple]], body: tuple[str, tuple]) -> None:
    """After commit, run the tasks of `header` side by side, then `body` with their results (a Celery chord);
    each task given as (name, args)."""
    transaction.on_commit(lambda: _send_chord(header, body))


def _app(*task_names: str):
    from kostra.celery import app

    if any(name not in app.tasks for name in task_names):
        app.loader.import_default_modules()  # a web process has not autodiscovered the apps' tasks modules yet
    return app


def _send(task_name: str, args: tuple) -> None:
    # apply_async on the registered task (not send_task) so that eager mode runs it in-process as well.
    _app(task_name).tasks[task_name].apply_async(args=args)


def _send_chord(header: list[tuple[str, tuple]], body: tuple[str, tuple]) -> None:
    from celery import chord

    app = _app(body[0], *(name for name, _args in header))
    chord([app.tasks[name].s(*args) for name, args in header])(app.tasks[body[0]].s(*body[1]))
