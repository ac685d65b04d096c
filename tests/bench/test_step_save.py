"""The bench's step save under load (bench/step_save.py, bench/run/step_save.py): its wrk script,
how its counts are read and when they fail the run, the learners' plans, and short real runs of
wrk against gunicorn started as the bench starts it, on a small tenant."""

import os
import shutil
from types import SimpleNamespace

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from redis import Redis

from bench import report, step_save, web
from bench.run import step_save as runner
from bench.run.database import bench_env
from bench.run.environment import PASSWORD, PYTHON
from bench.run.large_tenant import BENCH_APP
from microlearning.models import Progress, QuizAttempt
from network_animation.models import Role, User
from network_animation.tenancy import tenant_scope

from ..factories import MembershipFactory, UserFactory
from ..microlearning.factories import make_module, quiz, right_choices, steps_of, text

# Two learners: the first with a 200, a 302 and a 200 (the second also acknowledged), the second
# with two saves; wrk's own summary around them.
OUTPUT = """\
Running 1s test @ http://127.0.0.1:8000/
  2 threads and 2 connections
  3 requests in 1.00s, 1.00KB read
Requests/sec:      3.00
step_save 1 3 3 3 0 1000000 1500000 200:2,302:1 10000,30000,20000
step_save 2 2 2 2 0 1100000 2000000 200:2 40000,50000
"""


def test_lua_strings_escape_every_byte_lua_cannot_read_as_it_is():
    assert step_save.lua_string('a"b\\c') == '"a\\034b\\092c"'
    # UTF-8 bytes and control characters as decimal escapes (LuaJIT has no \u).
    assert step_save.lua_string("é\n") == '"\\195\\169\\010"'
    assert step_save.lua_string("/t/learning/1/steps/2/") == '"/t/learning/1/steps/2/"'


def test_the_script_gives_each_thread_its_learner_token_and_steps(tmp_path):
    learners = [
        step_save.Learner(
            "csrftoken=a; sessionid=b",
            "tok",
            [
                step_save.StepPost("/t/learning/1/steps/2/", (), '/learning/1/steps/3/"'),
                step_save.StepPost("/t/learning/1/steps/3/", (7, 9), "verdict"),
            ],
        ),
        step_save.Learner("sessionid=c", "tik", [step_save.StepPost("/p/", (), "<dl")]),
    ]
    script = step_save.lua_script(learners, 12, tmp_path / "stopped-")
    assert (
        '{cookie = "csrftoken=a; sessionid=b", token = "tok", steps = {'
        '{"/t/learning/1/steps/2/", "", "/learning/1/steps/3/\\034"}, '
        '{"/t/learning/1/steps/3/", "&choice=7&choice=9", "verdict"}}}'
    ) in script
    assert '{cookie = "sessionid=c", token = "tik", steps = {{"/p/", "", "<dl"}}}' in script
    assert "local seconds = 12" in script
    assert f'local stopped = "{tmp_path}/stopped-"' in script
    # As the player posts: htmx, the form's token; a save counts when its answer shows it.
    assert '["HX-Request"] = "true"' in script
    assert '"csrfmiddlewaretoken=" .. me.token .. post[2]' in script
    assert "status == 200 and string.find(body, me.steps[step][3], 1, true)" in script
    assert 'io.write(string.format("step_save %d' in script


def test_the_counts_give_the_saves_percentiles_and_rate():
    counts = step_save.learner_counts(OUTPUT)
    assert [c.learner for c in counts] == [1, 2]
    assert counts[0].statuses == {200: 2, 302: 1}
    assert counts[1].timings_ms == [40.0, 50.0]
    result = step_save.verified(OUTPUT, 2, moved=5)
    assert result.saves == 5
    assert result.p50_ms == 30.0
    assert result.p99_ms == 50.0
    # Five answers from the first sending (1.0 s) to the last answer (2.0 s).
    assert result.requests_per_s == pytest.approx(5.0)


def test_no_count_lines_fail_the_run_instead_of_counting_no_save():
    # What wrk prints when the script failed to load: its own summary of GET / and nothing else.
    fallback = "\n".join(OUTPUT.splitlines()[:4])
    with pytest.raises(step_save.StepSaveFailure, match="0 step_save count lines for 2"):
        step_save.verified(fallback, 2, moved=0)
    one_line = OUTPUT.replace("step_save 2 2 2 2 0 1100000 2000000 200:2 40000,50000\n", "")
    with pytest.raises(step_save.StepSaveFailure, match="1 step_save count lines for 2"):
        step_save.verified(one_line, 2, moved=3)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("step_save 2 2 2 0 0 1100000 2000000 200:1,403:1 1,2", "outside 2xx/3xx: 1 × 403"),
        ("step_save 2 2 2 1 0 1100000 2000000 500:1,200:1 1,2", "outside 2xx/3xx: 1 × 500"),
        ("step_save 2 2 2 1 0 1100000 2000000 200:2 1,2", "1 answers acknowledged no save"),
        ("step_save 2 2 2 2 1 1100000 2000000 200:2 1,2", r"learners \[2\] passed all"),
    ],
)
def test_a_failed_unanswered_or_unacknowledged_save_fails_the_run(line, message):
    output = OUTPUT.replace("step_save 2 2 2 2 0 1100000 2000000 200:2 40000,50000", line)
    output += "step_save_refused 2 403 /t/learning/1/steps/2/ Forbidden\n"
    with pytest.raises(step_save.StepSaveFailure, match=message):
        step_save.verified(output, 2, moved=5)


def test_a_save_unanswered_at_the_end_counts_the_whole_grace_and_may_have_moved_the_database():
    """A learner's last request still in flight when wrk stopped: saved or not, nobody can
    tell; it is timed as the grace (a lower bound), and the database may be one step ahead."""
    output = OUTPUT.replace(
        "step_save 2 2 2 2 0 1100000 2000000 200:2 40000,50000",
        "step_save 2 3 2 2 0 1100000 2000000 200:2 40000,50000",
    )
    for moved in (5, 6):
        result = step_save.verified(output, 2, moved=moved, unanswered_ms=30_000)
        assert (result.saves, result.unanswered) == (5, 1)
        assert result.p99_ms == 30_000
    with pytest.raises(step_save.StepSaveFailure, match="1 unanswered at the end"):
        step_save.verified(output, 2, moved=7)


def test_socket_errors_and_saves_the_database_did_not_make_fail_the_run():
    errors = OUTPUT.replace(
        "Requests/sec", "  Socket errors: connect 0, read 1, write 0, timeout 0\n"
    )
    with pytest.raises(step_save.StepSaveFailure, match="1 socket errors"):
        step_save.verified(errors, 2, moved=5)
    with pytest.raises(
        step_save.StepSaveFailure,
        match=r"acknowledged 5 step saves \(0 unanswered at the end\), the data",
    ):
        step_save.verified(OUTPUT, 2, moved=4)
    nothing = "step_save 1 0 0 0 0 0 0 - -\nstep_save 2 0 0 0 0 0 0 - -\n"
    with pytest.raises(step_save.StepSaveFailure, match="no step was saved"):
        step_save.verified(nothing, 2, moved=0)


def test_the_run_is_shortened_when_a_learner_could_pass_all_their_steps():
    assert runner.sized_seconds(10, 57, 32, 164.0) == 10
    assert runner.sized_seconds(10, 57, 32, 400.0) == 4
    assert runner.sized_seconds(10, 2, 2, 400.0) == 1
    assert runner.sized_seconds(10, 57, 32, None) == 10


def test_the_report_reads_the_step_save_against_the_floor_view():
    figures = report.Figures()
    figures.add("floor_view_p50_ms", 100, "ms")
    figures.add("floor_view_p99_ms", 200, "ms")
    figures.add("learning_step_save_p50_ms", 250, "ms", "floor_view_p50_ms")
    figures.add("learning_step_save_p99_ms", 400, "ms", "floor_view_p99_ms")
    lines = report._verdicts(figures)
    assert "| `learning_step_save_p50_ms` | <= 2.0 × `floor_view_p50_ms` | 2.50 × | missed |" in (
        lines
    )
    assert "| `learning_step_save_p99_ms` | <= 4.0 × `floor_view_p99_ms` | 2.00 × | met |" in lines


def test_the_figures_are_read_against_the_floor_view_of_the_same_run(monkeypatch):
    figures = report.Figures()
    figures.add("floor_view_p50_ms", 100, "ms")
    figures.add("floor_view_p99_ms", 200, "ms")
    figures.add("floor_view_rps", 160, "requests/s")
    asked = {}

    def measured(measure, floor_rps):
        asked.update(measure=measure, floor_rps=floor_rps)
        result = step_save.StepSaveResult(saves=800, p50_ms=150, p99_ms=500, requests_per_s=80)
        counts = {"learners": 32, "seconds": 10, "saves": 800, "modules_finished": 250}
        return {"result": result, **counts}

    monkeypatch.setattr(runner, "step_save_run", measured)
    args = SimpleNamespace(step_save_learners=32, step_save_seconds=10)
    run = SimpleNamespace(db=None, tenant=7, args=args, figures=figures, context={})
    runner.measure_step_saves(run, 8000, "wrk")  # type: ignore[arg-type]
    assert asked["floor_rps"] == 160
    assert (asked["measure"].learners, asked["measure"].seconds) == (32, 10)
    ratios = {e["name"]: (e["floor_name"], e["ratio"]) for e in figures.with_ratios()}
    assert ratios["learning_step_save_p50_ms"] == ("floor_view_p50_ms", 1.5)
    assert ratios["learning_step_save_p99_ms"] == ("floor_view_p99_ms", 2.5)
    assert ratios["learning_step_save_rps"] == ("floor_view_rps", 0.5)
    assert run.context["step_save"] == {
        "learners": 32,
        "seconds": 10,
        "saves": 800,
        "modules_finished": 250,
    }


class _Rows:
    """The bench database's `rows`, on the test database (committed: the test is transactional)."""

    def rows(self, query: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        with connection.cursor() as cursor:
            cursor.execute(query, params)
            return cursor.fetchall() if cursor.description else []


def _learning_network(network, learners: int, modules: int):
    """`learners` people of the point of sale (its manager, its staff member, more staff) who can
    sign in with the demo password as production hashes it, and `modules` published modules of
    25 steps of 20 s (a quiz question every fifth), plus one for the other zone."""
    for _ in range(learners - 2):
        MembershipFactory(
            tenant=network.tenant,
            role=Role.POS_STAFF,
            point_of_sale=network.point_of_sale,
            user=UserFactory(),
        )
    hasher = PBKDF2PasswordHasher()
    User.objects.filter(memberships__tenant=network.tenant).update(
        password=hasher.encode(PASSWORD, hasher.salt())
    )
    steps = [quiz(seconds=20) if n % 5 == 4 else text(seconds=20) for n in range(25)]
    built = [make_module(network, steps, title=f"Module {n}") for n in range(modules)]
    elsewhere = make_module(network, [text()], title="Ailleurs", zone=network.other_zone)
    return built, elsewhere


# PostgreSQL: the bench's SQL (its database is PostgreSQL).
@pytest.mark.postgres
@pytest.mark.django_db
def test_the_plans_start_each_learners_modules_and_expect_what_each_save_shows(network_a):
    modules, elsewhere = _learning_network(network_a, learners=2, modules=2)
    tenant, db = network_a.tenant.pk, _Rows()
    chosen = runner.learners_chosen(db, tenant, 2)
    members = network_a.members
    assert {m for m, _e in chosen} == {members[Role.POS_MANAGER].pk, members[Role.POS_STAFF].pk}
    # Their two modules each; not the other zone's.
    assert runner.modules_started(db, tenant, [m for m, _e in chosen]) == 4
    assert runner.modules_started(db, tenant, [m for m, _e in chosen]) == 0
    with tenant_scope(network_a.tenant):
        assert not Progress.objects.filter(module=elsewhere).exists()
    with pytest.raises(step_save.StepSaveFailure, match="0 people left to learn, 1 wanted"):
        runner.learners_chosen(db, tenant, 1)
    plan = runner.plans(db, tenant, "t", chosen)[0]
    first, second = (steps_of(network_a, module) for module in modules)
    assert plan.module == modules[0].pk
    assert len(plan.steps) == 50
    assert plan.steps[0] == step_save.StepPost(
        f"/t/learning/{modules[0].pk}/steps/{first[0].pk}/",
        (),
        f'/learning/{modules[0].pk}/steps/{first[1].pk}/"',
    )
    assert plan.steps[4] == step_save.StepPost(
        f"/t/learning/{modules[0].pk}/steps/{first[4].pk}/",
        tuple(right_choices(first[4])),
        runner.QUIZ_SAVED,
    )
    assert plan.steps[24].expect == runner.QUIZ_SAVED  # the last step, a quiz question
    assert plan.steps[25].path == f"/t/learning/{modules[1].pk}/steps/{second[0].pk}/"


def _database_url() -> str:
    """The test database's URL, for gunicorn."""
    settings = connection.settings_dict
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    where = f"{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
    return f"postgres://{settings['USER']}{password}@{where}/{settings['NAME']}"


@pytest.fixture
def bench_server(tmp_path):
    """gunicorn with the bench's settings and WSGI application, as the bench starts it, on the
    test database (committed rows: transactional tests), with Redis database 15 of the tests'
    server (the tests' workers use 1 to 14); the static files uncollected."""
    redis = os.environ["REDIS_URL"].rsplit("/", 1)[0] + "/15"
    # Nothing cached by an earlier run, whose ids this database may give again.
    Redis.from_url(redis).flushdb()
    env = {**bench_env(_database_url(), redis), "BENCH_UNCOLLECTED_STATIC": "on"}
    server = web.Server(PYTHON, env, workers=2, log=tmp_path / "gunicorn.log", app=BENCH_APP)
    try:
        yield server
    finally:
        server.stop()


# PostgreSQL (the bench's database, and `FOR UPDATE` under concurrent saves) and Redis (the
# production settings' cache and sessions).
@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed")
@pytest.mark.django_db(transaction=True)
def test_a_short_run_saves_every_step_it_counts_and_fails_on_what_it_cannot_trust(
    network_a, bench_server, tmp_path, monkeypatch
):
    _learning_network(network_a, learners=3, modules=12)
    monkeypatch.setattr(runner, "DATA", tmp_path)
    tenant, db = network_a.tenant, _Rows()
    measure = runner.StepSaveRun(
        db, tenant.pk, tenant.slug, bench_server.port, "wrk", learners=3, seconds=2
    )
    measured = runner.step_save_run(measure, floor_rps=None)
    result = measured["result"]
    with tenant_scope(tenant):
        progress = Progress.objects.filter(tenant=tenant)
        moved = sum(p.position for p in progress)
        answers = QuizAttempt.objects.filter(tenant=tenant)
        # Every acknowledged save moved a learner one step on, and only those did.
        assert result.saves == moved == measured["saves"] > 3
        assert measured["modules_started"] == progress.count() == 36
        assert measured["steps_ahead"] == [300, 300]
        # Each of the three learners saved steps.
        assert len({p.membership_id for p in progress if p.position}) == 3
        # The quiz questions were answered right, as posted; finished modules are finished.
        assert answers.count() == measured["quiz_answers"] > 0
        assert all(answer.correct for answer in answers)
        finished = progress.filter(completed_at__isnull=False).count()
        assert finished == measured["modules_finished"]
    assert 0 < result.p50_ms <= result.p99_ms
    assert result.requests_per_s > 0

    # The same learners, saves refused (a wrong CSRF token): the run fails, saying why.
    chosen = [(p.membership_id, p.membership.user.email) for p in _running(tenant)][:2]
    plans = runner.plans(db, tenant.pk, tenant.slug, chosen)
    learners = runner.all_signed_in(bench_server.port, tenant.slug, plans)
    refused = [step_save.Learner(learners[0].cookie, "wrong", learners[0].steps), learners[1]]
    output = step_save.run_wrk("wrk", bench_server.port, refused, 1, tmp_path / "refused", 5)
    with pytest.raises(step_save.StepSaveFailure, match=r"outside 2xx/3xx: \d+ × 403"):
        step_save.verified(output, 2, moved=0)

    # A script wrk cannot load (it would send GET / instead): the run fails on wrk's error.
    monkeypatch.setattr(step_save, "LUA", step_save.LUA + "\nfunction broken(\n")
    with pytest.raises(step_save.StepSaveFailure, match="standard error"):
        step_save.run_wrk("wrk", bench_server.port, learners, 1, tmp_path / "broken", 2)


def _running(tenant) -> list[Progress]:
    with tenant_scope(tenant):
        return list(
            Progress.objects.filter(tenant=tenant, completed_at__isnull=True)
            .select_related("membership__user")
            .order_by("membership_id", "module_id")
            .distinct("membership_id")
        )
