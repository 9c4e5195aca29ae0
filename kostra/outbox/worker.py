"""The sweep in the worker: once when it starts, then every OUTBOX_SWEEP_SECONDS in a thread of its main process."""

import logging
import threading
import time

from celery.signals import worker_ready
from django.conf import settings
from django.db import close_old_connections

log = logging.getLogger(__name__)


def sweep_once() -> None:
    from kostra.outbox.sending import send_pending

    close_old_connections()  # a connection the database dropped (a restart) is replaced, not reused
    try:
        counts = send_pending()
        if counts["sent"] or counts["resent"]:
            log.warning("outbox sweep: %s", counts)
    except Exception:  # noqa: BLE001 - the next sweep tries again
        log.exception("outbox sweep failed")


@worker_ready.connect
def start_sweeping(**_kwargs) -> None:
    """A worker that starts sends what the outbox holds, and keeps sweeping it."""

    def loop():
        while True:
            sweep_once()
            time.sleep(settings.OUTBOX_SWEEP_SECONDS)

    threading.Thread(target=loop, name="outbox-sweep", daemon=True).start()
