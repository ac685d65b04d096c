"""Mixed load: signed-in people of several roles, each on their own pages with a think time,
through one wrk whose Lua script binds each thread (one connection) to one person, and times
each request by the kind of page it asks for; the writes meanwhile (bench/run/mixed_load.py).

wrk's own latency figures are global; the script keeps each kind's timings in its threads and
prints them at the end, one line per kind and thread: `kind NAME ERRORS MICROSECONDS,...`."""

import json
import statistics
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .web import HOST

# A kind is a Lua identifier too: the script keeps its timings in globals named after it.
KIND = r"[a-z][a-z0-9_]*"


@dataclass(frozen=True)
class Visitor:
    """One signed-in person: their session's cookie and the pages they go round, each with its
    kind."""

    role: str
    cookie: str
    pages: list[tuple[str, str]]


@dataclass(frozen=True)
class KindResult:
    requests: int
    errors: int
    p50_ms: float
    p99_ms: float


def _lua(value: object) -> str:
    """A Lua literal for a string, a number or a list (JSON's string escapes are Lua's)."""
    if isinstance(value, list):
        return "{" + ", ".join(_lua(item) for item in value) + "}"
    return json.dumps(value)


def lua_script(visitors: list[Visitor], think_ms: int) -> str:
    """The script for `wrk -t N -c N` (N = len(visitors)): thread i is visitor i, round their
    pages from a different start each, waiting between 0.5 and 1.5 × think_ms before each; a
    request fails on a status of 400 or more, or on a redirect to the sign-in page."""
    kinds = sorted({kind for visitor in visitors for kind, _path in visitor.pages})
    rows = [
        "{cookie = "
        + _lua(v.cookie)
        + ", pages = "
        + _lua([[kind, path] for kind, path in v.pages])
        + "}"
        for v in visitors
    ]
    return LUA.format(
        visitors=",\n  ".join(rows),
        kinds=_lua(kinds),
        think_ms=int(think_ms),
    )


LUA = """\
local ffi = require("ffi")
ffi.cdef[[
typedef struct {{ long tv_sec; long tv_nsec; }} bench_timespec;
int clock_gettime(int clock, bench_timespec *now);
]]
local clock = ffi.new("bench_timespec")
local function now_us()
  ffi.C.clock_gettime(1, clock)  -- CLOCK_MONOTONIC
  return tonumber(clock.tv_sec) * 1000000 + tonumber(clock.tv_nsec) / 1000
end

local visitors = {{
  {visitors}
}}
local kinds = {kinds}
local think_ms = {think_ms}

local threads = {{}}
function setup(thread)
  table.insert(threads, thread)
  thread:set("bench_visitor", #threads)
end

local me, step, started, current
function init(args)
  me = visitors[bench_visitor]
  step = bench_visitor % #me.pages
  math.randomseed(bench_visitor)
  for _, kind in ipairs(kinds) do
    _G["t_" .. kind] = {{}}
    _G["e_" .. kind] = 0
  end
end

function delay()
  return math.floor(think_ms * (0.5 + math.random()))
end

function request()
  step = step % #me.pages + 1
  current = me.pages[step][1]
  started = now_us()
  return wrk.format("GET", me.pages[step][2], {{Cookie = me.cookie}})
end

function response(status, headers, body)
  local timings = _G["t_" .. current]
  timings[#timings + 1] = math.floor(now_us() - started)
  local location = headers["Location"] or headers["location"] or ""
  if status >= 400 or string.find(location, "/accounts/login/", 1, true) then
    _G["e_" .. current] = _G["e_" .. current] + 1
  end
end

function done(summary, latency, requests)
  for _, thread in ipairs(threads) do
    for _, kind in ipairs(kinds) do
      local timings = thread:get("t_" .. kind) or {{}}
      local parts = {{}}
      for i, us in ipairs(timings) do parts[i] = string.format("%d", us) end
      io.write(string.format("kind %s %d %s\\n", kind, thread:get("e_" .. kind) or 0,
        table.concat(parts, ",")))
    end
  end
end
"""


def _timings(output: str) -> tuple[dict[str, list[float]], dict[str, int]]:
    """Each kind's timings (ms) and failures, from the script's lines (its threads' together)."""
    timings: dict[str, list[float]] = {}
    errors: dict[str, int] = {}
    for line in output.splitlines():
        parts = line.split(" ")
        if len(parts) != 4 or parts[0] != "kind":  # noqa: PLR2004  # kind NAME ERRORS TIMINGS
            continue
        _word, kind, failed, times = parts
        timings.setdefault(kind, []).extend(int(us) / 1000 for us in times.split(",") if us)
        errors[kind] = errors.get(kind, 0) + int(failed)
    return timings, errors


def kind_results(output: str) -> dict[str, KindResult]:
    """Each kind's requests, failures, median and 99th percentile (ms)."""
    timings, errors = _timings(output)
    return {
        kind: KindResult(len(values), errors[kind], *_percentiles(values))
        for kind, values in sorted(timings.items())
    }


class MixedLoadFailure(RuntimeError):
    """The run measured nothing it can vouch for."""


def overall_result(output: str) -> KindResult:
    """Every kind's requests together: their count, failures, median and 99th percentile.
    Output without the script's lines is a failure, not a run of no requests and no errors:
    a Lua script that does not load makes wrk send `GET /` quietly and exit 0."""
    timings, errors = _timings(output)
    values = [ms for kind in timings.values() for ms in kind]
    if not values:
        raise MixedLoadFailure(
            "wrk's output holds no 'kind' line with a request: its Lua script did not run "
            f"(output: {output[-500:]!r})"
        )
    return KindResult(len(values), sum(errors.values()), *_percentiles(values))


def _percentiles(values: list[float]) -> tuple[float, float]:
    """The median and the 99th percentile (nearest rank); nothing measured: zeros."""
    if not values:
        return 0.0, 0.0
    ordered = sorted(values)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]


def run_wrk(
    wrk: str, port: int, visitors: list[Visitor], seconds: int, think_ms: int, script: Path
) -> str:
    """wrk from its own process, one thread and one connection per visitor; its output."""
    script.write_text(lua_script(visitors, think_ms))
    count = str(len(visitors))
    command = [wrk, "-t", count, "-c", count, "-d", f"{seconds}s", "--timeout", "30s"]
    command += ["-s", str(script), f"http://{HOST}:{port}/"]
    return subprocess.run(  # noqa: S603  # our own wrk and script
        command, capture_output=True, text=True, check=True
    ).stdout
