"""What `seed_demo` prints while it works: one line per brand and stage with the time it took,
and a bar for a stage whose work is counted (a seeder that takes `progress=` calls it with what
it has done out of how much). On a terminal the bar is redrawn in place; elsewhere (a log, a
test) each counted step is a line of its own."""

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.core.management.base import OutputWrapper

# progress(done, total, what): `done` of `total` steps are finished, `what` is the next one.
Progress = Callable[[int, int, str], None]

BAR_WIDTH = 24
LINE_WIDTH = 79  # a line redrawn in place must not wrap on an 80-column terminal


def progress_bar(done: int, total: int) -> str:
    filled = BAR_WIDTH * done // total if total else BAR_WIDTH
    return "[" + "#" * filled + "." * (BAR_WIDTH - filled) + f"] {done}/{total}"


class StageReport:
    """Writes the stages of one run of the command to `out`."""

    def __init__(self, out: OutputWrapper) -> None:
        self.out = out
        self.interactive = out.isatty()
        self.started = time.monotonic()

    @contextmanager
    def stage(self, label: str) -> Iterator[Progress]:
        """A stage: its counted steps while it runs, then its line with its duration."""
        began = time.monotonic()
        drawn = self.interactive
        if drawn:
            self.out.write(f"  {label}…", ending="")
            self.out.flush()

        def progress(done: int, total: int, what: str) -> None:
            line = f"  {label} {progress_bar(done, total)} {what}"
            if self.interactive:
                self.out.write(f"\r{line[:LINE_WIDTH]:<{LINE_WIDTH}}", ending="")
                self.out.flush()
            else:
                self.out.write(line)

        yield progress
        seconds = time.monotonic() - began
        done = f"  {label}: {seconds:.1f} s"
        self.out.write(f"\r{done:<{LINE_WIDTH}}" if drawn else done)

    def brand(self, name: str, number: int, count: int) -> None:
        self.out.write(f"{name} ({number}/{count})")

    def total(self) -> None:
        self.out.write(f"The demo was built in {time.monotonic() - self.started:.0f} s.")
