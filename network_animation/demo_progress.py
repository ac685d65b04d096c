"""What `seed_demo` prints while it works: a counted line per brand and stage, with a bar of the
stages done out of all of them and the time each took. On a terminal a stage's line gets its
duration when it ends; elsewhere (a log, a test) the line is written when the stage starts, so a
reader always sees what is being done."""

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.management.base import OutputWrapper
from django.db import connection

BAR_WIDTH = 20

# The background work the seeders run inline logs each task and job at INFO: while the demo is
# built, those lines would bury its progress (the job runs stay recorded for head office).
CHATTY_LOGGERS = ("celery.app.trace", "network_animation.jobs", "kombu.connection")


def progress_bar(done: int, total: int) -> str:
    filled = BAR_WIDTH * done // total if total else BAR_WIDTH
    width = len(str(total))
    return f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done:>{width}}/{total}"


def duration_text(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest:02d} s"


class StageReport:
    """Counts `total` stages of one run of the command and writes each to `out`."""

    def __init__(self, out: OutputWrapper, total: int) -> None:
        self.out = out
        self.total = total
        self.done = 0
        self.interactive = out.isatty()
        self.started = time.monotonic()

    @contextmanager
    def stage(self, label: str) -> Iterator[None]:
        began = time.monotonic()
        line = f"{progress_bar(self.done, self.total)}  {label}…"
        self.out.write(line, ending="" if self.interactive else "\n")
        self.out.flush()
        yield
        self.done += 1
        if self.interactive:
            took = duration_text(time.monotonic() - began)
            self.out.write(f"\r{progress_bar(self.done, self.total)}  {label}: {took}")

    def finished(self) -> None:
        took = duration_text(time.monotonic() - self.started)
        self.out.write(f"{progress_bar(self.done, self.total)}  The demo was built in {took}.")


@contextmanager
def quiet_background_logs() -> Iterator[None]:
    """The chatty loggers at WARNING while the demo is built, as they were after."""
    loggers = [logging.getLogger(name) for name in CHATTY_LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING if logger.name != "kombu.connection" else logging.ERROR)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


@contextmanager
def unsynced_sqlite() -> Iterator[None]:
    """SQLite (the embedded default) writes the demo without waiting for the disk at each of
    its thousands of commits (the learning demo's small transactions spent two thirds of their
    time there). A demo cut short by a crash is rebuilt with --reset. The setting is the
    connection's and is restored after; SQLite refuses to change it inside a transaction (a
    test's), which keeps its own."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous")
        (level,) = cursor.fetchone()
        cursor.execute("PRAGMA synchronous = OFF")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA synchronous = {int(level)}")
