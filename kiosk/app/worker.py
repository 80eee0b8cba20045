"""Run slow work (database, printer, PIN checks) off the UI thread.

A :class:`Worker` owns one background thread; jobs run there in order, and
their results or errors come back to the UI thread through Kivy's Clock. Work
never touches widgets; callbacks never block.
"""

import logging
import queue
import threading
from collections.abc import Callable
from functools import partial
from typing import Any

from kivy.clock import Clock

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[Exception], None]


class Worker:
    """One background thread that runs jobs in order and reports on the UI thread.

    ``submit(work, on_done, on_error)`` returns at once. ``on_done(result)`` or
    ``on_error(exception)`` then runs on the UI thread. An error with no
    ``on_error`` is raised again on the UI thread, where the app's last-resort
    hook handles it.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self._jobs: queue.Queue[tuple[Callable[[], Any], Done, Failed | None] | None]
        self._jobs = queue.Queue()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def submit(
        self,
        work: Callable[[], Any],
        on_done: Done,
        on_error: Failed | None = None,
    ) -> None:
        """Queue ``work`` to run on this worker's thread."""
        self._jobs.put((work, on_done, on_error))

    def idle(self) -> bool:
        """Return whether no job is queued (one may still be running)."""
        return self._jobs.empty()

    def stop(self, timeout: float = 5.0) -> None:
        """Finish queued jobs, then end the thread (waiting at most ``timeout``)."""
        self._jobs.put(None)
        self._thread.join(timeout)
        if self._thread.is_alive():
            log.warning(
                "worker %s still busy after %.0f s; leaving it", self.name, timeout
            )

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            work, on_done, on_error = job
            try:
                result = work()
            except Exception as error:  # reported on the UI thread, never lost
                self._report_error(error, on_error)
            else:
                Clock.schedule_once(partial(_deliver, on_done, result), -1)

    def _report_error(self, error: Exception, on_error: Failed | None) -> None:
        if on_error is None:
            log.error("worker %s: job failed with no handler: %r", self.name, error)

            def rethrow(_dt: float) -> None:
                raise error

            Clock.schedule_once(rethrow, -1)
            return
        Clock.schedule_once(partial(_deliver, on_error, error), -1)


def _deliver(callback: Callable[[Any], None], value: Any, _dt: float) -> None:
    callback(value)
