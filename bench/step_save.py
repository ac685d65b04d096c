"""The step save under load: learners signed in, one wrk thread and connection each, each posting
the next step of their modules as the player does (an htmx POST with the page's CSRF token), as
fast as the answers come back, until the run's seconds are up (bench/run/step_save.py prepares
the learners and checks the saves against the database).

Every save moves its learner on, so each thread follows its own learner's plan, step after step,
and checks that each answer acknowledges the step it saved: the next step's form, the quiz's
verdict, or the module's end. The script counts, per learner, what it sent, what was answered
(by status) and what was acknowledged, times each request from its sending to its answer, and
prints one line per learner at the end: `step_save LEARNER SENT ANSWERED ACKNOWLEDGED EXHAUSTED
FIRST_US LAST_US STATUS:COUNT,... MICROSECONDS,...`.

wrk runs a script that fails to load as if there were none (a `GET /` on every connection) and
still exits 0; a script that fails while running stops wrk with a Lua panic. So the count lines
are the proof the script ran: without them, or with anything on wrk's standard error, the run
fails, as it does on any answer outside 2xx/3xx, any answer that acknowledges no save, any socket
error, a learner left with no step to post, a request left unanswered, or saves that the
database did not make.
"""

import re
import signal
import statistics
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from .web import HOST, socket_errors

# How long wrk may go on after the run's seconds: the learners' last answers. wrk is stopped as
# soon as every learner has had theirs (each thread marks its end with a file).
GRACE_SECONDS = 30


class StepSaveFailure(RuntimeError):
    """The run cannot be trusted: what went wrong, in words."""


@dataclass(frozen=True)
class StepPost:
    """One step to pass: where it is posted, a quiz's right answers, and what the answer shows
    once the step is saved."""

    path: str
    choices: tuple[int, ...]
    expect: str


@dataclass(frozen=True)
class Learner:
    """One signed-in learner: their session's cookies, their page's CSRF token, their steps."""

    cookie: str
    token: str
    steps: list[StepPost]


@dataclass(frozen=True)
class LearnerCounts:
    """What the script counted for one learner (its thread)."""

    learner: int
    sent: int
    answered: int
    acknowledged: int
    exhausted: bool
    first_us: int
    last_us: int
    statuses: dict[int, int]
    timings_ms: list[float]


@dataclass(frozen=True)
class StepSaveResult:
    saves: int
    p50_ms: float
    p99_ms: float
    requests_per_s: float
    unanswered: int = 0


def lua_string(text: str) -> str:
    """A Lua 5.1 string literal: printable ASCII as it is, every other byte as `\\ddd` (LuaJIT
    reads no `\\u` escape: a JSON string with one would be a syntax error, and wrk would then
    quietly send `GET /` instead)."""
    parts = []
    for byte in text.encode():
        if 32 <= byte < 127 and byte not in (ord('"'), ord("\\")):  # noqa: PLR2004  # printable
            parts.append(chr(byte))
        else:
            parts.append(f"\\{byte:03d}")
    return '"' + "".join(parts) + '"'


def _post(step: StepPost) -> str:
    answers = "".join(f"&choice={choice}" for choice in step.choices)
    return "{" + ", ".join(lua_string(part) for part in (step.path, answers, step.expect)) + "}"


def lua_script(learners: list[Learner], seconds: int, stopped: Path) -> str:
    """The script for `wrk -t N -c N` (N = len(learners)): thread i is learner i."""
    rows = [
        "{cookie = "
        + lua_string(learner.cookie)
        + ", token = "
        + lua_string(learner.token)
        + ", steps = {"
        + ", ".join(_post(step) for step in learner.steps)
        + "}}"
        for learner in learners
    ]
    return LUA.format(
        learners=",\n  ".join(rows), seconds=int(seconds), stopped=lua_string(str(stopped))
    )


LUA = """\
local ffi = require("ffi")
ffi.cdef[[
typedef struct {{ long tv_sec; long tv_nsec; }} bench_timespec;
int clock_gettime(int clock, bench_timespec *now);
]]
local clock = ffi.new("bench_timespec")
local function now_us()
  ffi.C.clock_gettime(1, clock)  -- CLOCK_MONOTONIC, the same for every thread
  return tonumber(clock.tv_sec) * 1000000 + math.floor(tonumber(clock.tv_nsec) / 1000)
end

local learners = {{
  {learners}
}}
local seconds = {seconds}
local stopped = {stopped}

local threads = {{}}
function setup(thread)
  table.insert(threads, thread)
  thread:set("bench_learner", #threads)
end

-- Globals: done() reads them from each thread.
sent, answered, acknowledged, exhausted, first_us, last_us = 0, 0, 0, 0, 0, 0
statuses, timings, refused = {{}}, {{}}, ""
local me, step, started, headers

function init(args)
  me = learners[bench_learner]
  step = 1  -- the step to post next
  headers = {{
    ["Cookie"] = me.cookie,
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["HX-Request"] = "true",
    ["HX-Target"] = "player",
  }}
end

-- The same step until its answer comes: wrk calls request() once more before the run, to check
-- it, and again after a reconnection; neither may skip a step or count one twice.
function request()
  local post = me.steps[step]
  sent = math.max(sent, step)
  started = now_us()
  if answered == 0 then first_us = started end
  return wrk.format("POST", post[1], headers, "csrfmiddlewaretoken=" .. me.token .. post[2])
end

local function stop()
  wrk.thread:stop()
  local marker = io.open(stopped .. bench_learner, "w")
  if marker then marker:close() end
end

function response(status, headers, body)
  local now = now_us()
  answered = answered + 1
  last_us = now
  timings[#timings + 1] = math.floor(now - started)
  statuses[status] = (statuses[status] or 0) + 1
  if status == 200 and string.find(body, me.steps[step][3], 1, true) then
    acknowledged = acknowledged + 1
  elseif refused == "" then
    local text = string.gsub(body, "%s+", " ")
    refused = status .. " " .. me.steps[step][1] .. " " .. string.sub(text, 1, 300)
  end
  step = step + 1
  if now - first_us >= seconds * 1000000 then
    stop()
  elseif step > #me.steps then
    exhausted = 1
    stop()
  end
end

local function joined(values, format)
  local parts = {{}}
  for i, value in ipairs(values) do parts[i] = string.format(format, value) end
  return #parts > 0 and table.concat(parts, ",") or "-"
end

function done(summary, latency, requests)
  for i, thread in ipairs(threads) do
    local counted = {{}}
    for status, count in pairs(thread:get("statuses") or {{}}) do
      counted[#counted + 1] = string.format("%d:%d", status, count)
    end
    io.write(string.format("step_save %d %d %d %d %d %d %d %s %s\\n", i,
      thread:get("sent"), thread:get("answered"), thread:get("acknowledged"),
      thread:get("exhausted"), thread:get("first_us"), thread:get("last_us"),
      #counted > 0 and table.concat(counted, ",") or "-",
      joined(thread:get("timings") or {{}}, "%d")))
    local first_refused = thread:get("refused") or ""
    if first_refused ~= "" then
      io.write(string.format("step_save_refused %d %s\\n", i, first_refused))
    end
  end
end
"""

COUNTS = re.compile(r"^step_save (\d+) (\d+) (\d+) (\d+) ([01]) (\d+) (\d+) (\S+) (\S+)$")
REFUSED = re.compile(r"^step_save_refused (\d+) (.*)$")


def _numbers(text: str) -> list[int]:
    return [] if text == "-" else [int(part) for part in text.split(",")]


def _statuses(text: str) -> dict[int, int]:
    if text == "-":
        return {}
    return {int(status): int(count) for status, count in (p.split(":") for p in text.split(","))}


def learner_counts(output: str) -> list[LearnerCounts]:
    """The script's count lines, one per learner, in the learners' order."""
    found = []
    for line in output.splitlines():
        matched = COUNTS.match(line)
        if matched is None:
            continue
        learner, sent, answered, acknowledged, exhausted, first, last = (
            int(n) for n in matched.groups()[:7]
        )
        statuses, timings = matched.group(8), matched.group(9)
        found.append(
            LearnerCounts(
                learner,
                sent,
                answered,
                acknowledged,
                exhausted == 1,
                first,
                last,
                _statuses(statuses),
                [us / 1000 for us in _numbers(timings)],
            )
        )
    return sorted(found, key=lambda counts: counts.learner)


def refusals(output: str) -> dict[int, str]:
    """Each learner's first answer that acknowledged no save: its status, path and text."""
    return {
        int(matched.group(1)): matched.group(2)
        for matched in map(REFUSED.match, output.splitlines())
        if matched is not None
    }


def _percentiles(values: list[float]) -> tuple[float, float]:
    """The median and the 99th percentile (nearest rank), as the mixed load reads its own."""
    ordered = sorted(values)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]


def _first_refusal(output: str) -> str:
    found = refusals(output)
    return f" First refused: {next(iter(found.values()))!r}" if found else ""


def _check_answers(counts: list[LearnerCounts], output: str) -> None:
    """Every answer a 2xx or 3xx, every answer a save."""
    bad: dict[int, int] = {}
    for learner in counts:
        for status, count in learner.statuses.items():
            if not 200 <= status < 400:  # noqa: PLR2004  # wrk's "Non-2xx or 3xx responses"
                bad[status] = bad.get(status, 0) + count
    if bad:
        listed = ", ".join(f"{count} × {status}" for status, count in sorted(bad.items()))
        raise StepSaveFailure(
            f"step saves answered outside 2xx/3xx: {listed}.{_first_refusal(output)}"
        )
    refused = sum(learner.answered - learner.acknowledged for learner in counts)
    if refused:
        raise StepSaveFailure(
            f"{refused} answers acknowledged no save (not the next step, the quiz's verdict or "
            f"the module's end).{_first_refusal(output)}"
        )


def _check_lines(counts: list[LearnerCounts], learners: int, output: str) -> None:
    """The script ran, for every learner."""
    if len(counts) != learners:
        raise StepSaveFailure(
            f"wrk printed {len(counts)} step_save count lines for {learners} learners: its Lua "
            "script did not run as written (a script that fails to load makes wrk send GET / "
            f"and exit 0). wrk's output:\n{output[-2000:]}"
        )


def _check_run(counts: list[LearnerCounts], output: str) -> None:
    """No socket error, and no learner idle before the end."""
    errors = socket_errors(output)
    if errors:
        raise StepSaveFailure(f"{errors} socket errors during the step saves.")
    exhausted = [learner.learner for learner in counts if learner.exhausted]
    if exhausted:
        raise StepSaveFailure(
            f"learners {exhausted} passed all their steps before the run's end (the rate "
            "counted a thread that had stopped): shorten the run or give them more modules."
        )


def verified(
    output: str, learners: int, moved: int, unanswered_ms: float = GRACE_SECONDS * 1000
) -> StepSaveResult:
    """The run's figures, once everything it counted holds, and the database moved by the saves
    acknowledged (`moved`: the steps the learners' progress rows went forward). A request still
    unanswered when wrk stopped (one a learner at most: each has one connection) may or may not
    have been saved: the database may have moved by it, and it counts as an answer that took
    the whole grace (`unanswered_ms`, a lower bound), not as none."""
    counts = learner_counts(output)
    _check_lines(counts, learners, output)
    _check_answers(counts, output)
    _check_run(counts, output)
    saves = sum(learner.acknowledged for learner in counts)
    if saves == 0:
        raise StepSaveFailure("no step was saved.")
    unanswered = sum(learner.sent - learner.answered for learner in counts)
    if not saves <= moved <= saves + unanswered:
        raise StepSaveFailure(
            f"the answers acknowledged {saves} step saves ({unanswered} unanswered at the end), "
            f"the database moved the learners {moved} steps forward."
        )
    timings = [ms for learner in counts for ms in learner.timings_ms]
    timings += [unanswered_ms] * unanswered
    window_us = max(c.last_us for c in counts) - min(c.first_us for c in counts)
    p50, p99 = _percentiles(timings)
    return StepSaveResult(saves, p50, p99, len(timings) / max(window_us, 1) * 1_000_000, unanswered)


def run_wrk(
    wrk: str,
    port: int,
    learners: list[Learner],
    seconds: int,
    folder: Path,
    grace: int = GRACE_SECONDS,
) -> str:
    """wrk from its own process, one thread and one connection per learner, for `seconds`; its
    output. Each thread stops after its first answer past the seconds (nothing left in flight)
    and leaves a file; once all have, wrk is interrupted, which ends its wait and prints; else
    it stops `grace` seconds later, and what is still unanswered then fails the run."""
    folder.mkdir(parents=True, exist_ok=True)
    for marker in folder.glob("stopped-*"):
        marker.unlink()
    script = folder / "step_save.lua"
    script.write_text(lua_script(learners, seconds, folder / "stopped-"))
    count = str(len(learners))
    command = [wrk, "-t", count, "-c", count, "-d", f"{seconds + grace}s"]
    command += ["--timeout", f"{grace}s", "-s", str(script), f"http://{HOST}:{port}/"]
    with subprocess.Popen(  # noqa: S603  # our own wrk and script
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as process:
        _interrupt_when_stopped(process, folder, len(learners))
        output, errors = process.communicate(timeout=seconds + grace + 60)
    if process.returncode != 0 or errors.strip():
        raise StepSaveFailure(
            f"wrk exited {process.returncode} with, on its standard error (a Lua error shows "
            f"there): {errors.strip()[-2000:]!r}"
        )
    return output


def _interrupt_when_stopped(process: subprocess.Popen[str], folder: Path, learners: int) -> None:
    while process.poll() is None:
        if len(list(folder.glob("stopped-*"))) >= learners:
            process.send_signal(signal.SIGINT)
            return
        time.sleep(0.05)
