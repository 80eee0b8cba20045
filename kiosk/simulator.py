"""Play realistic days through the real queue code, driven by a fake clock.

Every ticket is issued, called, served, completed, marked no-show or transferred
by :class:`~kiosk.store.QueueStore` itself, so the simulated figures (waits,
the estimates stored at issue time, no-shows) come from the same code a real
hall runs. A day has:

* arrivals with a crowd at the door, a morning peak and an afternoon peak,
  only inside the centre's opening hours;
* a service mix, priority visitors (women, senior citizens, persons with
  disability) and complaints with made-up personal data;
* counters that open a little late (one of them much later), pause for a
  break, and call until a while after closing;
* service times drawn per service around a mean, with spread, and a speed per
  counter; no-shows that grow with the wait, one recall before giving up;
* feedback after service, worse after long waits; cases that move through
  their statuses over the following days; a rollover before each new day.

The same seed gives the same tickets, times and ratings (tracking codes come
from :mod:`secrets` and differ). With 1,500 visitors and 6 counters over 8
hours, the configured minutes per service would need four times as many
counters, so service times are scaled to make the counters' load ``load``
(0.9: a busy hall that keeps up over the day but not at its peaks);
:attr:`DayReport.service_time_scale` says by how much.
"""

import heapq
import logging
import math
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from kiosk.complaints import CATEGORY_KEYS, ComplaintForm
from kiosk.config import KioskConfig
from kiosk.errors import CentreClosedError, QueueEmptyError
from kiosk.models import CaseStatus, Priority
from kiosk.ops_errors import SimulationTargetError
from kiosk.rollover import roll_over
from kiosk.store import QueueStore

log = logging.getLogger(__name__)

# Share of visitors per service; services missing here get the mean share.
SERVICE_MIX = {
    "character_certificate": 0.30,
    "police_verification": 0.13,
    "employee_registration": 0.07,
    "tenant_registration": 0.08,
    "vehicle_verification": 0.12,
    "lost_report": 0.09,
    "fir_copy": 0.06,
    "complaint": 0.04,
    "women_children": 0.03,
    "case_status": 0.08,
}
PRIORITY_MIX = (
    (Priority.WOMEN, 0.07),
    (Priority.SENIOR, 0.05),
    (Priority.DISABILITY, 0.01),
)
REFERENCE_OPEN_MINUTES = 480.0
MADE_UP_NAMES = (
    "Abdul Rahim",
    "Gul Khan",
    "Naseer Ahmed",
    "Shazia Bibi",
    "Mehrunnisa",
    "Jamal Baloch",
    "Sana Kakar",
    "Faisal Mengal",
    "Zarghuna",
    "Imran Achakzai",
)
MADE_UP_MATTERS = (
    "Dispute with a neighbour over a boundary wall",
    "Threatening calls from an unknown number",
    "Loud generator next door every night",
    "Quarrel at the bus stand, minor injury",
)


@dataclass(frozen=True)
class SimulationPlan:
    """The knobs of a simulated day; the defaults describe a busy day."""

    visitors: int = 1500
    load: float = 0.9
    service_mix: Mapping[str, float] = field(default_factory=lambda: SERVICE_MIX)
    priority_mix: tuple[tuple[Priority, float], ...] = PRIORITY_MIX
    women_share_at_gender_desk_service: float = 0.7
    complaint_services: tuple[str, ...] = ("complaint",)
    no_show_base: float = 0.03
    no_show_per_hour_waited: float = 0.10
    recall_success: float = 0.3
    feedback_share: float = 0.3
    transfer_share: float = 0.01
    service_time_spread: float = 0.5
    walk_seconds: tuple[float, float] = (15.0, 45.0)
    gap_seconds: tuple[float, float] = (5.0, 15.0)
    overtime_minutes: float = 30.0
    day_to_day_spread: float = 0.0
    stalled_case_share: float = 0.06


@dataclass
class DayReport:
    """What one simulated day did."""

    day: str
    visitors: int = 0
    turned_away: int = 0
    calls: int = 0
    completed: int = 0
    no_shows: int = 0
    transfers: int = 0
    feedback: int = 0
    case_updates: int = 0
    left_open: int = 0
    service_time_scale: float = 1.0


@dataclass
class SimulationResult:
    """What a run of simulated days did, and how fast the simulator ran."""

    days: list[DayReport]
    wall_seconds: float

    @property
    def visitors(self) -> int:
        """Return the tickets issued over all days."""
        return sum(day.visitors for day in self.days)

    @property
    def tickets_per_second(self) -> float:
        """Return issued tickets per second of wall time (each with its life)."""
        return self.visitors / self.wall_seconds if self.wall_seconds else 0.0

    def as_dict(self) -> dict[str, Any]:
        """Return totals and per-day rows as plain data."""
        totals = {
            key: sum(getattr(day, key) for day in self.days)
            for key in ("visitors", "turned_away", "completed", "no_shows")
        }
        return {
            "days": len(self.days),
            **totals,
            "wall_seconds": round(self.wall_seconds, 2),
            "tickets_per_second": round(self.tickets_per_second, 1),
            "per_day": [vars(day) for day in self.days],
        }


class SimClock:
    """A clock the simulator moves; pass it to QueueStore as ``clock``."""

    def __init__(self, start: float = 0.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


@dataclass
class Visitor:
    """One simulated visitor: what they came for and what happened."""

    service: str
    priority: Priority
    token: str = ""
    tracking_code: str | None = None
    issued_at: float = 0.0


@dataclass
class CounterAgent:
    """One simulated counter clerk: shift, break, speed and what they do now."""

    number: int
    services: frozenset[str]
    gender_desk: bool
    speed: float
    opens_at: float
    closes_at: float
    break_at: float
    break_minutes: float
    state: str = "closed"  # closed, idle, waking, busy, paused, done
    wants_break: bool = False
    visitor: Visitor | None = None


def open_simulation_store(
    config: KioskConfig, path: Path, durable: bool = False
) -> tuple[QueueStore, SimClock]:
    """Open a store on ``path`` (never the live database) driven by a SimClock.

    Unless ``durable``, the file is written with ``synchronous=OFF``: simulated
    data is scratch data, and the run is many times faster.
    """
    check_scratch_target(config, path)
    clock = SimClock()
    store = QueueStore(replace(config, database_path=path), clock=clock)
    if not durable:
        store.db.execute("PRAGMA synchronous = OFF")
    return store, clock


def check_scratch_target(config: KioskConfig, path: Path) -> None:
    """Raise SimulationTargetError if ``path`` is the live queue database."""
    if path.resolve() == config.database_path.resolve():
        raise SimulationTargetError(
            f"will not simulate into the live queue database {path}; give another "
            "file with --db"
        )


def simulate(
    store: QueueStore,
    clock: SimClock,
    first_day: date,
    days: int = 1,
    plan: SimulationPlan | None = None,
    seed: int = 1,
) -> SimulationResult:
    """Simulate ``days`` open days from ``first_day`` on (closed days skipped).

    After the last day the clock moves to the next morning and the rollover
    closes what was left open, so every ticket ends in a final state.
    """
    plan = plan or SimulationPlan()
    rng = random.Random(seed)
    began = time.perf_counter()
    cases = CaseDesk(store, clock, rng, plan)
    reports = []
    for day_index, day in enumerate(_open_days(store.config, first_day, days)):
        clock.now = _local_moment(store, day, 8, 0)
        roll_over(store, actor="simulator")
        report = DaySimulation(store, clock, day, plan, rng, cases).run()
        report.case_updates = cases.advance(day_index, _local_moment(store, day, 18))
        reports.append(report)
        log.info("simulated %s: %d visitors", report.day, report.visitors)

    if reports:
        last = date.fromisoformat(reports[-1].day)
        clock.now = _local_moment(store, last + timedelta(days=1), 7, 0)
        reports[-1].left_open = roll_over(store, actor="simulator").closed
    return SimulationResult(reports, time.perf_counter() - began)


def _open_days(config: KioskConfig, first_day: date, count: int) -> list[date]:
    spans = config.centre.hours.spans_by_weekday
    found, day = [], first_day
    for _ in range(count * 7 + 7):
        if len(found) == count:
            break
        if spans.get(day.weekday()):
            found.append(day)
        day += timedelta(days=1)
    return found


def _local_moment(store: QueueStore, day: date, hour: int, minute: int = 0) -> float:
    zone = store.config.centre.timezone
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone).timestamp()


class DaySimulation:
    """One day in the hall: an event loop over arrivals and counter actions."""

    def __init__(
        self,
        store: QueueStore,
        clock: SimClock,
        day: date,
        plan: SimulationPlan,
        rng: random.Random,
        cases: "CaseDesk",
    ) -> None:
        self.store, self.clock, self.plan, self.rng = store, clock, plan, rng
        self.cases = cases
        self.config = store.config
        self.report = DayReport(day.isoformat())
        self.spans = self._spans(day)
        self.events: list[tuple[float, int, Callable[..., None], tuple]] = []
        self.sequence = 0
        self.counters = self._make_counters()
        self.visitor_total = self._visitor_count()
        self.means = self._service_means()

    # -- set-up -----------------------------------------------------------

    def _spans(self, day: date) -> list[tuple[float, float]]:
        zone = self.config.centre.timezone
        weekday_spans = self.config.centre.hours.spans_by_weekday[day.weekday()]
        return [
            (
                datetime.combine(day, start, tzinfo=zone).timestamp(),
                datetime.combine(day, end, tzinfo=zone).timestamp(),
            )
            for start, end in weekday_spans
        ]

    def _open_minutes(self) -> float:
        return sum(end - start for start, end in self.spans) / 60.0

    def _make_counters(self) -> list[CounterAgent]:
        opening, closing = self.spans[0][0], self.spans[-1][1]
        numbers = sorted(self.config.counters)
        late_one = self.rng.choice(numbers)
        agents = []
        for number in numbers:
            counter = self.config.counters[number]
            late = self.rng.uniform(0, 12) + (35 if number == late_one else 0)
            middle = (opening + closing) / 2
            agents.append(
                CounterAgent(
                    number=number,
                    services=frozenset(counter.services),
                    gender_desk=counter.gender_desk,
                    speed=self.rng.uniform(0.85, 1.15),
                    opens_at=opening + late * 60,
                    closes_at=closing + self.plan.overtime_minutes * 60,
                    break_at=middle + self.rng.uniform(-60, 60) * 60,
                    break_minutes=self.rng.uniform(15, 30),
                )
            )
        return agents

    def _visitor_count(self) -> int:
        spread = self.plan.day_to_day_spread
        factor = self.rng.uniform(1 - spread, 1 + spread) if spread else 1.0
        share = self._open_minutes() / REFERENCE_OPEN_MINUTES
        return round(self.plan.visitors * share * factor)

    def _mix(self) -> tuple[list[str], list[float]]:
        codes = list(self.config.services)
        known = [self.plan.service_mix[c] for c in codes if c in self.plan.service_mix]
        fallback = sum(known) / len(known) if known else 1.0
        return codes, [self.plan.service_mix.get(code, fallback) for code in codes]

    def _service_means(self) -> dict[str, float]:
        """Return each service's mean minutes, scaled to the planned load."""
        codes, weights = self._mix()
        configured = [self.config.services[code].minutes for code in codes]
        mean = sum(w * m for w, m in zip(weights, configured, strict=True)) / sum(
            weights
        )
        capacity = sum(
            (self.spans[-1][1] - agent.opens_at) / 60.0 - agent.break_minutes
            for agent in self.counters
        )
        visitors = max(self.visitor_total, 1)
        serving = self.plan.load * capacity - visitors * self._overhead_minutes()
        scale = max(serving, 0.1 * capacity) / (visitors * mean)
        self.report.service_time_scale = round(scale, 3)
        return {
            code: minutes * scale
            for code, minutes in zip(codes, configured, strict=True)
        }

    def _overhead_minutes(self) -> float:
        """Return a counter's mean minutes per visitor outside service itself."""
        walk = sum(self.plan.walk_seconds) / 2
        gap = sum(self.plan.gap_seconds) / 2
        no_show = self.plan.no_show_base * 240
        return (walk + gap + no_show) / 60.0

    # -- event loop -------------------------------------------------------

    def run(self) -> DayReport:
        """Play the day and return what happened."""
        for moment in self._arrival_times():
            self._at(moment, self._arrive, self._draw_visitor())
        for agent in self.counters:
            self._at(agent.opens_at, self._open_counter, agent)
            self._at(agent.break_at, self._want_break, agent)
        while self.events:
            moment, _, action, args = heapq.heappop(self.events)
            self.clock.now = moment
            action(*args)
        return self.report

    def _at(self, moment: float, action: Callable[..., None], *args: Any) -> None:
        self.sequence += 1
        heapq.heappush(self.events, (moment, self.sequence, action, args))

    def _arrival_times(self) -> list[float]:
        """Draw the day's arrival moments from the hourly profile."""
        minutes, weights = [], []
        for start, end in self.spans:
            for offset in range(int((end - start) // 60)):
                moment = start + offset * 60
                minutes.append(moment)
                weights.append(self._intensity(moment, offset))
        picked = self.rng.choices(minutes, weights, k=self.visitor_total)
        return sorted(moment + self.rng.uniform(0, 59.9) for moment in picked)

    def _intensity(self, moment: float, minutes_since_open: int) -> float:
        hour = self.store.local_time(moment)
        h = hour.hour + hour.minute / 60.0
        morning = math.exp(-(((h - 10.75) / 0.9) ** 2) / 2)
        afternoon = 0.75 * math.exp(-(((h - 14.75) / 0.8) ** 2) / 2)
        door_crowd = 1.2 * math.exp(-minutes_since_open / 8.0)
        return 0.35 + morning + afternoon + door_crowd

    def _draw_visitor(self) -> Visitor:
        codes, weights = self._mix()
        service = self.rng.choices(codes, weights)[0]
        if self.config.services[service].gender_desk:
            women = self.rng.random() < self.plan.women_share_at_gender_desk_service
            return Visitor(service, Priority.WOMEN if women else Priority.NORMAL)
        draw = self.rng.random()
        for priority, share in self.plan.priority_mix:
            if draw < share:
                return Visitor(service, priority)
            draw -= share
        return Visitor(service, Priority.NORMAL)

    # -- visitors ---------------------------------------------------------

    def _arrive(self, visitor: Visitor) -> None:
        complaint = self._complaint_for(visitor)
        try:
            issued = self.store.issue(
                visitor.service, visitor.priority, "simulator", complaint=complaint
            )
        except CentreClosedError:
            self.report.turned_away += 1
            return
        visitor.token = issued.ticket.token
        visitor.tracking_code = issued.tracking_code
        visitor.issued_at = self.clock.now
        self.report.visitors += 1
        if issued.tracking_code:
            self.cases.opened(issued.tracking_code)
        self._wake_idle_counters()

    def _complaint_for(self, visitor: Visitor) -> ComplaintForm | None:
        service = self.config.services[visitor.service]
        if visitor.service not in self.plan.complaint_services or not service.trackable:
            return None
        return ComplaintForm(
            name=self.rng.choice(MADE_UP_NAMES),
            relation_name=self.rng.choice(MADE_UP_NAMES),
            cnic="5" + "".join(self.rng.choices("0123456789", k=12)),
            mobile="03" + "".join(self.rng.choices("0123456789", k=9)),
            category=self.rng.choice(CATEGORY_KEYS),
            description=self.rng.choice(MADE_UP_MATTERS),
            gender_desk=visitor.priority is Priority.WOMEN,
        )

    def _wake_idle_counters(self) -> None:
        for agent in self.counters:
            if agent.state == "idle":
                agent.state = "waking"
                self._at(self.clock.now + self.rng.uniform(3, 10), self._call, agent)

    # -- counters ---------------------------------------------------------

    def _open_counter(self, agent: CounterAgent) -> None:
        agent.state = "waking"
        self._call(agent)

    def _want_break(self, agent: CounterAgent) -> None:
        agent.wants_break = True
        if agent.state == "idle":
            self._call(agent)

    def _resume(self, agent: CounterAgent) -> None:
        self.store.set_paused(agent.number, False, "simulator")
        agent.state = "waking"
        self._call(agent)

    def _call(self, agent: CounterAgent) -> None:
        if self.clock.now >= agent.closes_at:
            agent.state = "done"
            return
        if agent.wants_break:
            agent.wants_break, agent.state = False, "paused"
            self.store.set_paused(agent.number, True, "simulator")
            self._at(self.clock.now + agent.break_minutes * 60, self._resume, agent)
            return
        try:
            ticket = self.store.call_next(agent.number, "simulator")
        except QueueEmptyError:
            agent.state = "idle"
            return
        agent.state, agent.visitor = "busy", Visitor(ticket.service, ticket.priority)
        agent.visitor.token, agent.visitor.issued_at = ticket.token, ticket.issued_at
        self.report.calls += 1
        self._visitor_reacts(agent)

    def _visitor_reacts(self, agent: CounterAgent) -> None:
        waited_hours = (self.clock.now - agent.visitor.issued_at) / 3600.0
        absent = self.plan.no_show_base + self.plan.no_show_per_hour_waited * min(
            waited_hours, 1.5
        )
        if self.rng.random() < absent:
            self._at(self.clock.now + 120, self._absent, agent, False)
        else:
            walk = self.rng.uniform(*self.plan.walk_seconds)
            self._at(self.clock.now + walk, self._serve, agent)

    def _absent(self, agent: CounterAgent, recalled: bool) -> None:
        token = agent.visitor.token
        if not recalled:
            self.store.recall(token, "simulator")
            comes = self.rng.random() < self.plan.recall_success
            action = self._serve if comes else self._absent
            args = (agent,) if comes else (agent, True)
            self._at(self.clock.now + self.rng.uniform(40, 120), action, *args)
            return
        self.store.no_show(token, "simulator")
        self.report.no_shows += 1
        self._next_after(agent, 10)

    def _serve(self, agent: CounterAgent) -> None:
        self.store.serve(agent.visitor.token, "simulator")
        minutes = self._service_minutes(agent)
        self._at(self.clock.now + minutes * 60, self._finish, agent)

    def _service_minutes(self, agent: CounterAgent) -> float:
        mean = self.means[agent.visitor.service] * agent.speed
        sigma = math.sqrt(math.log(1 + self.plan.service_time_spread**2))
        mu = math.log(mean) - sigma**2 / 2
        return max(self.rng.lognormvariate(mu, sigma), 0.3)

    def _finish(self, agent: CounterAgent) -> None:
        visitor = agent.visitor
        if self.rng.random() < self.plan.transfer_share:
            self.store.transfer(
                visitor.token, self._other_service(visitor), "simulator"
            )
            self.report.transfers += 1
            self._wake_idle_counters()
        else:
            self.store.complete(visitor.token, "simulator")
            self.report.completed += 1
            self._maybe_feedback(agent)
        self._next_after(agent, self.rng.uniform(*self.plan.gap_seconds))

    def _other_service(self, visitor: Visitor) -> str:
        choices = [
            code
            for code, service in self.config.services.items()
            if code != visitor.service and not service.gender_desk
        ]
        return self.rng.choice(choices)

    def _maybe_feedback(self, agent: CounterAgent) -> None:
        if self.rng.random() >= self.plan.feedback_share:
            return
        ticket = self.store.ticket_by_token(agent.visitor.token)
        waited = (ticket.called_at - ticket.issued_at) / 60.0
        mean = 4.6 - min(waited, 90.0) / 45.0 + (1.0 - agent.speed)
        rating = min(5, max(1, round(self.rng.gauss(mean, 0.8))))
        tags = ("waiting_time",) if waited > 30 else ()
        tags += ("courtesy",) if rating >= 4 and self.rng.random() < 0.5 else ()
        self.store.add_feedback(agent.visitor.token, rating, tags, actor="simulator")
        self.report.feedback += 1

    def _next_after(self, agent: CounterAgent, seconds: float) -> None:
        agent.state, agent.visitor = "waking", None
        self._at(self.clock.now + seconds, self._call, agent)


class CaseDesk:
    """The back office: moves cases through their statuses over the days."""

    def __init__(
        self,
        store: QueueStore,
        clock: SimClock,
        rng: random.Random,
        plan: SimulationPlan,
    ) -> None:
        self.store, self.clock, self.rng, self.plan = store, clock, rng, plan
        self.day_index = 0
        # tracking code -> remaining (day index, status) steps, soonest first
        self.pending: dict[str, list[tuple[int, CaseStatus]]] = {}

    def opened(self, code: str) -> None:
        """Plan the life of a case opened today."""
        processed = self.day_index + self.rng.choice((0, 0, 1))
        steps = [(processed, CaseStatus.UNDER_PROCESS)]
        if self.rng.random() >= self.plan.stalled_case_share:
            ready = processed + self.rng.randint(2, 8)
            steps.append((ready, CaseStatus.READY_FOR_COLLECTION))
            steps.append((ready + self.rng.randint(0, 4), CaseStatus.CLOSED))
        self.pending[code] = steps

    def advance(self, day_index: int, at: float) -> int:
        """Apply every step due by the end of day ``day_index``; count them."""
        self.clock.now = at
        applied = 0
        for code in list(self.pending):
            steps = self.pending[code]
            while steps and steps[0][0] <= day_index:
                note = (
                    "sent to SHO" if steps[0][1] is CaseStatus.UNDER_PROCESS else None
                )
                self.store.update_case(code, steps.pop(0)[1].value, note, "simulator")
                applied += 1
            if not steps:
                del self.pending[code]
        self.day_index = day_index + 1
        return applied
