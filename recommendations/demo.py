"""Demo recommendations: a learning history in which some modules really helped some kinds of
points of sale, then the nightly step run once on it, recorded as a job run as the nightly chain
would, so the peers, priorities and "Recommended for you" panels show figures.

The history (`HISTORIES`): managers of many points of sale finished the brand's modules between
three and nine months ago (the modules were published a year ago). In the months after, the KPI
facts of those who did an effective module rise a little, for the sizes of point of sale it
suits; they are loaded again through the KPI loader, then the learning facts and the rollups are
refreshed as learning's demo seeder does. Other modules are done as often and change nothing,
and a module's KPI tag is not always the KPI it moves: the engine has to find what helped whom.

Deterministic for a given random generator. The demo accounts' point of sale keeps its own
story (learning's demo) and stays out of the quarter's hold-out group (a point of sale of the
same zone and size class is held out in its place), so its people see what is recommended.
"""

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from kpis import selectors as kpi_selectors
from kpis.loader import kpi_facts_load
from kpis.models import KpiFact
from microlearning.kpi_facts import learning_kpi_demo_seed
from microlearning.models import Module, ModuleVersion, Progress, Step
from microlearning.services.learning import learning_settings
from microlearning.services.outcomes import module_outcomes_step
from network_animation.jobs import tracked_job
from network_animation.models import Membership, PointOfSale, Role, Tenant

from .demo_evidence import first_reads_write, past_challenges_close, past_challenges_launch
from .engine.history import AFTER_MONTHS, BASELINE_MONTHS
from .frames import months_before
from .holdout import quarter_start
from .models import HoldoutPoint, HoldoutQuarter
from .services import holdout_quarter_ensure, recommendations_nightly_step

EVERY_SIZE = ("S", "M", "L", "XL")


@dataclass(frozen=True)
class DemoLesson:
    title_en: str  # the module, as learning's demo names it (microlearning/demo/content.py)
    share: float  # of the points of sale whose manager finished it
    gains: dict[str, dict[str, float]]  # KPI code -> size class -> its relative rise after


def _every_size(gain: float) -> dict[str, float]:
    return dict.fromkeys(EVERY_SIZE, gain)


HISTORIES = {
    "autonova": [
        # Tagged conversion and leads; it sells cars to the smaller dealers (conversion follows).
        DemoLesson("Discovering needs in 5 questions", 0.35, {"vn": {"S": 0.14, "M": 0.12}}),
        # Done by half the managers: a 10 % lift on workshop revenue stands out from its noise
        # on the smallest demo network (48 points of sale) only with that many (issue 17).
        DemoLesson("Selling the service plan", 0.5, {"atelier_ca": _every_size(0.1)}),
        DemoLesson("Offering a test drive at the right time", 0.25, {"essais": {"L": 0.15}}),
        DemoLesson("Presenting the electric range", 0.55, {}),  # the popular one: no effect
        DemoLesson("Handling a complaint", 0.2, {}),
    ],
    "belle-allure": [
        # Tagged average basket; the revenue rises with it, the transactions do not.
        DemoLesson(
            "Suggesting a complementary product",
            0.35,
            {"ca": {"M": 0.1, "L": 0.12, "XL": 0.12}},
        ),
        # Done by half the managers, as Autonova's service plan (issue 17).
        DemoLesson(
            "Signing customers up to the loyalty programme", 0.5, {"fidelite": _every_size(0.15)}
        ),
        DemoLesson("The 3-step skincare routine", 0.55, {}),  # the popular one: no effect
        DemoLesson("Handling a product return", 0.2, {}),
    ],
}
EARLIEST, LATEST = 9, 3  # months before the month in progress the modules were done in
SPACING = 3  # months between two modules of a manager
PUBLISHED_MONTHS_AGO = 12


def _managers(tenant: Tenant, demo_point: int) -> list[tuple[int, int, str]]:
    """(membership, point of sale, size class) of one manager per point of sale but the demo's."""
    managers = (
        Membership.objects.filter(tenant=tenant, role=Role.POS_MANAGER, point_of_sale__isnull=False)
        .exclude(point_of_sale_id=demo_point)
        .order_by("point_of_sale_id", "pk")
        .values_list("pk", "point_of_sale_id", "point_of_sale__size_class")
    )
    found: dict[int, tuple[int, int, str]] = {}
    for membership, point, size in managers:
        found.setdefault(point, (membership, point, size))
    return list(found.values())


def _done_at(month: dt.date, rng: random.Random) -> dt.datetime:
    local = timezone.get_current_timezone()
    day = dt.datetime(month.year, month.month, rng.randint(1, 28), rng.randint(9, 18), tzinfo=local)
    return day + dt.timedelta(minutes=rng.randint(0, 59))


@dataclass(frozen=True)
class Completion:
    membership: int
    point_of_sale: int
    size_class: str
    lesson: DemoLesson
    at: dt.datetime


def _months_apart(count: int, rng: random.Random) -> list[int]:
    """When a manager did `count` modules, in months before the month in progress: between
    EARLIEST and LATEST, at least SPACING apart (as many as fit), the earliest first. A module's
    effect then shows before the next one is done, as an animator's programme would space them."""
    found: list[int] = []
    for left in range(min(count, 1 + (EARLIEST - LATEST) // SPACING) - 1, -1, -1):
        latest_allowed = found[-1] - SPACING if found else EARLIEST
        found.append(rng.randint(LATEST + left * SPACING, latest_allowed))
    return found


def _completions(
    lessons: list[DemoLesson],
    managers: list[tuple[int, int, str]],
    taken: set[tuple[int, str]],
    rng: random.Random,
) -> list[Completion]:
    """Each lesson's share of the managers finished it, chosen among those who had not already
    (learning's own demo) and who still had room for one in the months of the history: a
    completion that could not be written would leave the lesson fewer points of sale than its
    share, too few for the engine to tell its effect from chance."""
    current = timezone.localdate().replace(day=1)
    room = 1 + (EARLIEST - LATEST) // SPACING  # modules a manager can fit in the history
    chosen: dict[tuple[int, int, str], list[DemoLesson]] = {}
    for lesson in lessons:
        free = [
            manager
            for manager in managers
            if (manager[0], lesson.title_en) not in taken and len(chosen.get(manager, [])) < room
        ]
        wanted = min(round(lesson.share * len(managers)), len(free))
        for manager in rng.sample(free, wanted):
            chosen.setdefault(manager, []).append(lesson)
    found = []
    for (membership, point, size), done in sorted(chosen.items()):
        rng.shuffle(done)
        for lesson, months_ago in zip(done, _months_apart(len(done), rng), strict=False):
            month = months_before(current, months_ago)
            found.append(Completion(membership, point, size, lesson, _done_at(month, rng)))
    return found


def _progress_write(
    tenant: Tenant, modules: dict[str, Module], completions: list[Completion], rng: random.Random
) -> None:
    """The completions as learning records them: a finished, passed run of the published
    version, with the points its quiz questions gave at the first answer."""
    taken = set(Progress.objects.filter(tenant=tenant).values_list("membership_id", "module_id"))
    versions = [module.published_id for module in modules.values()]
    quiz = Step.objects.filter(tenant=tenant, kind=Step.Kind.QUIZ, version_id__in=versions)
    questions = dict(quiz.order_by().values_list("version_id").annotate(count=Count("pk")))
    points = learning_settings(tenant=tenant).points_for(1)
    rows = []
    for done in completions:
        module = modules[done.lesson.title_en]
        version = module.published
        if version is None or (done.membership, module.pk) in taken:
            continue
        spent = int(version.total_seconds * rng.uniform(0.8, 1.3))
        rows.append(
            Progress(
                tenant=tenant,
                membership_id=done.membership,
                module=module,
                version=version,
                position=version.step_count,
                started_at=done.at - dt.timedelta(seconds=spent),
                last_step_at=done.at,
                completed_at=done.at,
                passed_at=done.at,
                times_completed=1,
                seconds_spent=spent,
                last_score=100,
                best_score=100,
                points_earned=questions.get(version.pk, 0) * points,
            )
        )
    Progress.objects.bulk_create(rows, batch_size=1000)


def _published_earlier(tenant: Tenant, modules: dict[str, Module]) -> None:
    """The modules of the history were there before it."""
    when = timezone.now() - dt.timedelta(days=PUBLISHED_MONTHS_AGO * 30)
    ids = [module.pk for module in modules.values()]
    Module.objects.filter(tenant=tenant, pk__in=ids).update(created_at=when)
    ModuleVersion.objects.filter(
        tenant=tenant, module_id__in=ids, published_at__isnull=False
    ).update(created_at=when, published_at=when)


def _lifts(completions: list[Completion], kpis: dict[str, int]) -> pd.DataFrame:
    """point_of_sale_id, kpi_id, since, gain: what each effective module done changed, from
    the day after."""
    rows = [
        (done.point_of_sale, kpis[code], timezone.localdate(done.at), gains[done.size_class])
        for done in completions
        for code, gains in done.lesson.gains.items()
        if code in kpis and done.size_class in gains
    ]
    frame = pd.DataFrame(rows, columns=["point_of_sale_id", "kpi_id", "since", "gain"])
    # A point of sale that did two modules moving one KPI rises once, from the first.
    return frame.sort_values("since").drop_duplicates(["point_of_sale_id", "kpi_id"])


def _facts_lifted(
    tenant: Tenant, lifts: pd.DataFrame, counted: set[int], generator: np.random.Generator
) -> pd.DataFrame:
    """The points of sale's facts after each lift, risen: counted KPIs (sales, sign-ups) by
    whole extra units, amounts in proportion."""
    facts = KpiFact.objects.filter(
        tenant=tenant,
        person__isnull=True,
        point_of_sale_id__in=lifts["point_of_sale_id"].unique().tolist(),
        kpi_id__in=lifts["kpi_id"].unique().tolist(),
        date__gt=lifts["since"].min(),
    )
    columns = ["point_of_sale_id", "kpi_id", "date", "value"]
    frame = pd.DataFrame(list(facts.order_by().values_list(*columns)), columns=columns)
    frame = frame.merge(lifts, on=["point_of_sale_id", "kpi_id"])
    frame = frame[frame["date"] > frame["since"]].sort_values(columns[:3], ignore_index=True)
    whole = frame["kpi_id"].isin(counted).to_numpy()
    value, gain = frame["value"].to_numpy(dtype=float), frame["gain"].to_numpy(dtype=float)
    extra = generator.poisson(np.where(whole, value * gain, 0.0))
    frame["value"] = np.where(whole, value + extra, (value * (1 + gain)).round(2))
    frame["person_id"] = pd.array([None] * len(frame), dtype="Int64")
    return frame[["point_of_sale_id", "kpi_id", "person_id", "date", "value"]]


def _last_quarter_drawn(tenant: Tenant) -> tuple[dt.date, set[int]]:
    """Last quarter's hold-out group, drawn as on its first night: head office's measurement
    compares it with the rest of the network."""
    start = quarter_start(months_before(quarter_start(timezone.localdate()), 3))
    quarter = holdout_quarter_ensure(tenant=tenant, today=start)
    local = timezone.get_current_timezone()
    drawn_at = dt.datetime(start.year, start.month, start.day, 2, tzinfo=local)
    HoldoutQuarter.objects.filter(tenant=tenant, pk=quarter.pk).update(drawn_at=drawn_at)
    return start, set(quarter.points.values_list("point_of_sale_id", flat=True))


def demo_history_write(*, tenant: Tenant, rng: random.Random) -> int:
    """Write the brand's learning history and its effects on the KPIs; return the completions.
    Last quarter's held-out points of sale were recommended nothing, so they did none of the
    modules then. A network whose learning already goes back that far is left as it is."""
    lessons = HISTORIES.get(tenant.slug, [])
    titles = [lesson.title_en for lesson in lessons]
    published = Module.objects.filter(
        tenant=tenant, status=Module.Status.PUBLISHED, title_en__in=titles
    )
    modules = {module.title_en: module for module in published.select_related("published")}
    since = timezone.now() - dt.timedelta(days=LATEST * 30)
    old = Progress.objects.filter(tenant=tenant, completed_at__lt=since).exists()
    demo_point = PointOfSale.objects.filter(tenant=tenant).order_by("pk").first()
    if len(modules) < len(titles) or old or demo_point is None:
        return 0
    managers = _managers(tenant, demo_point.pk)
    titles_of = {module.pk: title for title, module in modules.items()}
    taken = {
        (membership, titles_of[module])
        for membership, module in Progress.objects.filter(
            tenant=tenant, module_id__in=list(titles_of)
        ).values_list("membership_id", "module_id")
    }
    completions = _completions(lessons, managers, taken, rng)
    start, held = _last_quarter_drawn(tenant)
    end = months_before(start, -3)

    def kept(point: int, at: dt.datetime) -> bool:  # last quarter's hold-out group did none
        return point not in held or not start <= timezone.localdate(at) < end

    completions = [done for done in completions if kept(done.point_of_sale, done.at)]
    definitions = list(kpi_selectors.kpi_list(tenant=tenant).values_list("code", "pk", "decimals"))
    kpis = {code: pk for code, pk, _decimals in definitions}
    counted = {pk for _code, pk, decimals in definitions if decimals == 0}
    with transaction.atomic():
        _published_earlier(tenant, modules)
        _progress_write(tenant, modules, completions, rng)
        reads = first_reads_write(
            tenant=tenant,
            managers=managers,
            kpis=kpis,
            when=_read_at,
            kept=_apart_from(completions, kept),
            rng=rng,
        )
        challenges, took_part = past_challenges_launch(
            tenant=tenant, demo_zone=demo_point.zone_id, kpis=kpis
        )
        lifts = _first_lifts(_lifts(completions, kpis), reads, took_part)
        if not lifts.empty:
            generator = np.random.default_rng(rng.randrange(2**32))
            kpi_facts_load(tenant=tenant, facts=_facts_lifted(tenant, lifts, counted, generator))
    learning_kpi_demo_seed(tenant=tenant)  # the learning facts, then every dirty month's rollups
    past_challenges_close(tenant=tenant, challenges=challenges)
    return len(completions)


def _apart_from(
    completions: list[Completion], kept: Callable[[int, dt.datetime], bool]
) -> Callable[[int, dt.datetime], bool]:
    """A document is read where `kept` allows it, and not in a month whose measured change
    (the three months before it against the two after it) a module done at the point of sale
    would lift: a reader who also learned then would credit the document with the module's
    effect. A module done from three months before the read's month to two months after it is
    too near (the facts rise from the day after it); one done earlier lifts the months before
    and after alike, one done later neither."""
    learned: dict[int, list[int]] = {}
    for done in completions:
        learned.setdefault(done.point_of_sale, []).append(_month_number(done.at))

    def apart(point: int, at: dt.datetime) -> bool:
        read = _month_number(at)
        near = any(
            -BASELINE_MONTHS <= module - read <= AFTER_MONTHS for module in learned.get(point, [])
        )
        return kept(point, at) and not near

    return apart


def _month_number(at: dt.datetime) -> int:
    day = timezone.localdate(at)
    return day.year * 12 + day.month


def _read_at(rng: random.Random) -> dt.datetime:
    """When a manager first read a document: as the modules, three to nine months ago."""
    current = timezone.localdate().replace(day=1)
    return _done_at(months_before(current, rng.randint(LATEST, EARLIEST)), rng)


def _first_lifts(*lifts: pd.DataFrame) -> pd.DataFrame:
    """A point of sale helped twice on one KPI (a module, a document, a challenge) rises once,
    from the first."""
    frames = [frame for frame in lifts if not frame.empty]
    if not frames:
        return lifts[0]
    found = pd.concat(frames, ignore_index=True).sort_values("since", kind="stable")
    return found.drop_duplicates(["point_of_sale_id", "kpi_id"])


def _demo_point_not_held_out(tenant: Tenant) -> None:
    """Draw the quarter's hold-out group as the nightly step would; if it holds out the demo
    accounts' point of sale, hold out another of its zone and size class in its place."""
    quarter = holdout_quarter_ensure(tenant=tenant, today=timezone.localdate())
    demo_point = PointOfSale.objects.filter(tenant=tenant).order_by("pk").first()
    held = HoldoutPoint.objects.filter(tenant=tenant, quarter=quarter, point_of_sale=demo_point)
    drawn = held.first()
    if drawn is None:
        return
    others = HoldoutPoint.objects.filter(tenant=tenant, quarter=quarter).values("point_of_sale_id")
    stand_in = (
        PointOfSale.objects.filter(
            tenant=tenant,
            is_active=True,
            zone_id=drawn.zone_id_drawn,
            size_class=drawn.size_class_drawn,
        )
        .exclude(pk__in=others)
        .order_by("pk")
        .first()
    )
    if stand_in is None:
        drawn.delete()
    else:
        held.update(point_of_sale=stand_in)


def recommendations_demo_seed(*, tenant: Tenant, days: int, rng: random.Random) -> None:
    demo_history_write(tenant=tenant, rng=rng)
    _demo_point_not_held_out(tenant)
    with tracked_job(tenant=tenant, job="nightly.recommendations") as progress:
        recommendations_nightly_step(tenant=tenant, progress=progress)
    # Learning's figures of what followed each module, from this history, as its nightly step
    # writes them (head office's completion page).
    with tracked_job(tenant=tenant, job="nightly.learning_module_outcomes") as progress:
        module_outcomes_step(tenant=tenant, progress=progress)


def action_feedback_demo_seed(*, tenant: Tenant, days: int, rng: random.Random) -> None:
    """Feedback on the night's suggested actions, so head office's acceptance rates show
    figures: in each zone, its animator accepts the best suggestion and dismisses the next
    one ("not the right time"), but the demo animator's challenge suggestions, left for the
    visitor to take up. Deterministic: by zone, then by score."""
    from network_animation import selectors as organisation

    from .action_services import suggestion_accept, suggestion_dismiss
    from .models import ActionKind, ActionSuggestion, DismissReason, SuggestionStatus

    suggested = ActionSuggestion.objects.filter(tenant=tenant, status=SuggestionStatus.OPEN)
    demo_point = PointOfSale.objects.filter(tenant=tenant).order_by("pk").first()
    zones: dict[int, list[ActionSuggestion]] = {}
    for suggestion in suggested.select_related("zone").order_by("zone_id", "-score", "pk"):
        # The demo animator answers their zone's challenge suggestions themselves.
        mine = demo_point is not None and suggestion.zone_id == demo_point.zone_id
        if mine and suggestion.kind == ActionKind.CHALLENGE:
            continue
        zones.setdefault(suggestion.zone_id, []).append(suggestion)
    for rows in zones.values():
        animator = organisation.animators_of_zone(tenant=tenant, zone=rows[0].zone).first()
        if animator is None:
            continue
        suggestion_accept(tenant=tenant, actor=animator, suggestion=rows[0])
        if len(rows) > 1:
            suggestion_dismiss(
                tenant=tenant,
                actor=animator,
                suggestion=rows[1],
                reason=DismissReason.BAD_TIMING,
            )
