"""The real task queue for tests: huey with its jobs in a SQLite file, as `make demo` runs it, and
huey's own consumer (the one `kinmap worker` starts) driven a step at a time."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import autodiscover_modules
from huey.contrib.djhuey import HUEY
from huey.storage import SqliteStorage


class Worker:
    """`kinmap worker`, one step at a time: huey's consumer, with its scheduler and its worker."""

    def __init__(self, folder: Path) -> None:
        autodiscover_modules("tasks")  # as `kinmap worker` (run_huey) does: the jobs are known
        HUEY.immediate = False  # the conftest puts it back for the next test
        HUEY.storage = SqliteStorage(HUEY.name, filename=str(folder / "queue.sqlite3"))
        self.huey = HUEY
        consumer = HUEY.create_consumer(**settings.HUEY["consumer"])
        self.scheduler = consumer._create_scheduler()
        self.worker, _ = consumer.worker_threads[0]

    def start(self) -> None:
        """What the worker does as it starts (huey's startup hooks)."""
        self.worker.initialize()

    def minute(self, at: datetime) -> None:
        """What the scheduler does at this minute: enqueue the periodic jobs due then."""
        self.scheduler.enqueue_periodic_tasks(at)

    def waiting(self) -> int:
        return self.huey.pending_count()

    def run(self) -> int:
        """Take every waiting job from the queue and run it; how many there were."""
        count = 0
        while self.huey.pending_count():
            self.worker.loop()
            count += 1
        return count

    def close(self) -> None:
        self.huey.storage.close()
