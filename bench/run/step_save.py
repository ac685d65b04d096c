"""The step save under load on the large tenant (bench/step_save.py's wrk script): learners of
points of sale who had started nothing, with every module of their part of the network started,
signed in through the login form, each post their next step as fast as the answers come back;
the saves are then checked against the database, and read against the floor view."""

import math
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from .. import web
from ..step_save import Learner, StepPost, StepSaveFailure, run_wrk, verified
from .environment import DATA, PASSWORD, TENANT, log

if TYPE_CHECKING:
    from .large_tenant import LargeTenant

# Parallel sign-ins: each costs the password hash's 1.5 million rounds in a gunicorn worker.
SIGN_INS_AT_ONCE = 4

# What an answer shows once its step is saved (htmx swaps the player in): a quiz's verdict on
# the right answers it was given, the module's end after its last step, else the next step's form.
QUIZ_SAVED = 'class="verdict verdict--right"'
MODULE_FINISHED = '<dl class="facts">'


class Rows(Protocol):
    """The bench database's queries (bench/run/database.py), or a test's."""

    def rows(self, query: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]: ...


@dataclass(frozen=True)
class Plan:
    """A learner and the steps ahead of them, in the order they post them."""

    membership: int
    email: str
    module: int  # the first step's, whose page gives the CSRF token
    steps: list[StepPost]


def learners_chosen(db: Rows, tenant: int, count: int) -> list[tuple[int, str]]:
    """People of points of sale (managers, staff) who have started no module yet."""
    found = db.rows(
        "SELECT m.id, u.email FROM network_animation_membership m"
        " JOIN network_animation_user u ON u.id = m.user_id"
        " WHERE m.tenant_id = %s AND m.role IN ('pos_manager', 'pos_staff') AND m.is_active"
        " AND u.is_active AND m.point_of_sale_id IS NOT NULL AND NOT EXISTS ("
        "  SELECT 1 FROM microlearning_progress p WHERE p.membership_id = m.id)"
        " ORDER BY m.id LIMIT %s",
        (tenant, count),
    )
    if len(found) < count:
        raise StepSaveFailure(f"{len(found)} people left to learn, {count} wanted.")
    return [(int(membership), str(email)) for membership, email in found]


def modules_started(db: Rows, tenant: int, learners: Sequence[int]) -> int:
    """Every published module of each learner's part of the network (the whole network's and
    their zone's) started at its first step, as `progress_start` leaves it, in one statement."""
    return len(
        db.rows(
            "INSERT INTO microlearning_progress (tenant_id, membership_id, module_id, version_id,"
            " position, run, started_at, last_step_at, completed_at, times_completed,"
            " seconds_spent, last_score, best_score, points_earned, passed_at)"
            " SELECT m.tenant_id, m.id, mo.id, mo.published_id, 0, 1, now(), now(), NULL, 0, 0,"
            " NULL, NULL, 0, NULL"
            " FROM network_animation_membership m"
            " JOIN network_animation_pointofsale pos ON pos.id = m.point_of_sale_id"
            " JOIN microlearning_module mo ON mo.tenant_id = m.tenant_id"
            "  AND mo.status = 'published' AND mo.published_id IS NOT NULL"
            "  AND (mo.zone_id IS NULL OR mo.zone_id = pos.zone_id)"
            " WHERE m.tenant_id = %s AND m.id = ANY(%s)"
            " ON CONFLICT DO NOTHING RETURNING id",
            (tenant, list(learners)),
        )
    )


def _expected(kind: str, position: int, count: int, module: int, next_step: int | None) -> str:
    if kind == "quiz":
        return QUIZ_SAVED
    if position + 1 >= count or next_step is None:
        return MODULE_FINISHED
    return f'/learning/{module}/steps/{next_step}/"'


def plans(db: Rows, tenant: int, slug: str, learners: Sequence[tuple[int, str]]) -> list[Plan]:
    """Each learner's steps ahead, module after module: where each is posted, a quiz's right
    answers, and what the answer shows once the step is saved."""
    found = db.rows(
        "SELECT p.membership_id, p.module_id, s.id, s.position, v.step_count, s.kind,"
        " COALESCE((SELECT string_agg(c.id::text, ',' ORDER BY c.id) FROM microlearning_choice c"
        "  WHERE c.step_id = s.id AND c.is_correct), ''),"
        " lead(s.id) OVER (PARTITION BY p.id ORDER BY s.position)"
        " FROM microlearning_progress p"
        " JOIN microlearning_moduleversion v ON v.id = p.version_id"
        " JOIN microlearning_step s ON s.version_id = p.version_id AND s.position >= p.position"
        " WHERE p.tenant_id = %s AND p.membership_id = ANY(%s) AND p.completed_at IS NULL"
        " ORDER BY p.membership_id, p.module_id, s.position",
        (tenant, [membership for membership, _email in learners]),
    )
    steps: dict[int, list[tuple[int, StepPost]]] = {}
    for person, module, step, position, count, kind, choices, next_step in found:
        post = StepPost(
            path=f"/{slug}/learning/{module}/steps/{step}/",
            choices=tuple(int(c) for c in choices.split(",") if c) if kind == "quiz" else (),
            expect=_expected(kind, position, count, module, next_step),
        )
        steps.setdefault(person, []).append((module, post))
    missing = [email for membership, email in learners if not steps.get(membership)]
    if missing:
        raise StepSaveFailure(f"no step to pass for {missing}.")
    return [
        Plan(membership, email, steps[membership][0][0], [post for _m, post in steps[membership]])
        for membership, email in learners
    ]


def signed_in(port: int, slug: str, plan: Plan) -> Learner:
    """The learner signed in through the login form, then on the player of their first module,
    which must show their first step's form: its CSRF token is the one their saves send."""
    jar = dict(part.split("=", 1) for part in web.sign_in(port, plan.email, PASSWORD).split("; "))
    page = f"/{slug}/learning/{plan.module}/"
    cookie = "; ".join(f"{k}={v}" for k, v in jar.items())
    status, headers, body = web.request(port, "GET", page, headers={"Cookie": cookie})
    text = body.decode()
    token = web.CSRF_FIELD.search(text)
    shown = status == 200 and f'action="{plan.steps[0].path}"' in text  # noqa: PLR2004
    if not shown or token is None:
        location = dict(headers).get("Location", "")
        raise StepSaveFailure(
            f"{page} answered {status} {location} to {plan.email} without their step."
        )
    jar = web.cookies_kept(headers, jar)
    return Learner("; ".join(f"{k}={v}" for k, v in jar.items()), token.group(1), plan.steps)


def all_signed_in(port: int, slug: str, plans: list[Plan]) -> list[Learner]:
    with ThreadPoolExecutor(SIGN_INS_AT_ONCE) as pool:
        return list(pool.map(lambda plan: signed_in(port, slug, plan), plans))


def moved_steps(db: Rows, tenant: int, learners: Sequence[int]) -> tuple[int, int, int]:
    """How far the learners are, summed over their progress rows (each save moves one row one
    step on), how many modules they finished, how many quiz answers they gave."""
    ((steps, finished, answers),) = db.rows(
        "SELECT COALESCE(sum(p.position), 0), count(*) FILTER (WHERE p.completed_at IS NOT NULL),"
        " COALESCE(sum((SELECT count(*) FROM microlearning_quizattempt q"
        "  WHERE q.progress_id = p.id)), 0)"
        " FROM microlearning_progress p WHERE p.tenant_id = %s AND p.membership_id = ANY(%s)",
        (tenant, list(learners)),
    )
    return int(steps), int(finished), int(answers)


def sized_seconds(wanted: int, shortest: int, learners: int, floor_rps: float | None) -> int:
    """The run's seconds: `wanted`, or fewer if at the floor view's rate (no page of the stack
    is faster) a learner could pass all their steps before the end."""
    if not floor_rps:
        return wanted
    return max(1, min(wanted, math.floor(shortest * learners / floor_rps)))


@dataclass(frozen=True)
class StepSaveRun:
    """What the measure needs: the database, the tenant, the server, wrk, the sizes."""

    db: Rows
    tenant: int
    slug: str
    port: int
    wrk: str
    learners: int
    seconds: int


def step_save_run(measure: StepSaveRun, floor_rps: float | None) -> dict[str, Any]:
    """Learners prepared and signed in, the run, its checks; its figures and counts."""
    db, tenant = measure.db, measure.tenant
    chosen = learners_chosen(db, tenant, measure.learners)
    ids = [membership for membership, _email in chosen]
    started = modules_started(db, tenant, ids)
    learning = plans(db, tenant, measure.slug, chosen)
    signing_in = time.perf_counter()
    learners = all_signed_in(measure.port, measure.slug, learning)
    signed_in_s = time.perf_counter() - signing_in
    shortest = min(len(plan.steps) for plan in learning)
    seconds = sized_seconds(measure.seconds, shortest, len(learners), floor_rps)
    before = moved_steps(db, tenant, ids)
    output = run_wrk(measure.wrk, measure.port, learners, seconds, DATA / "step_save")
    after = moved_steps(db, tenant, ids)
    result = verified(output, len(learners), moved=after[0] - before[0])
    return {
        "result": result,
        "learners": len(learners),
        "modules_started": started,
        "steps_ahead": [shortest, max(len(plan.steps) for plan in learning)],
        "sign_ins_s": round(signed_in_s, 1),
        "seconds": seconds,
        "saves": result.saves,
        "unanswered_at_the_end": result.unanswered,
        "modules_finished": after[1] - before[1],
        "quiz_answers": after[2] - before[2],
    }


def measure_step_saves(run: "LargeTenant", port: int, wrk: str) -> None:
    """The step save's median, 99th percentile and rate, against the floor view's (measured
    before it in the same gunicorn)."""
    args, figures = run.args, run.figures
    measure = StepSaveRun(
        run.db, run.tenant, TENANT, port, wrk, args.step_save_learners, args.step_save_seconds
    )
    measured = step_save_run(measure, figures.value("floor_view_rps"))
    result = measured.pop("result")
    figures.add("learning_step_save_p50_ms", result.p50_ms, "ms", "floor_view_p50_ms")
    figures.add("learning_step_save_p99_ms", result.p99_ms, "ms", "floor_view_p99_ms")
    figures.add("learning_step_save_rps", result.requests_per_s, "requests/s", "floor_view_rps")
    run.context["step_save"] = measured
    log(
        f"step saves: {result.saves} by {measured['learners']} learners in "
        f"{measured['seconds']} s, p50 {result.p50_ms:.1f} ms, p99 {result.p99_ms:.1f} ms, "
        f"{result.requests_per_s:.0f} saves/s; {measured['modules_finished']} modules finished; "
        f"{result.unanswered} unanswered at the end"
    )
