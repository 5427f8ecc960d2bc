"""A review load a person can keep: fuzz ranges, load balancing, easy days, a working calendar.

**Fuzz.** FSRS spreads a review interval over a range around it so that cards learned together
do not stay together. `fuzz_range` is the range `fsrs.Scheduler` computes (from the package's
own `FUZZ_RANGES`); nothing here ever gives an interval outside it.

**Load balancing**, as Anki 24.11 does it (rslib/src/scheduler/states/load_balancer.rs): for an
interval of at most 90 days, each day of the fuzz range is weighted by how many reviews are
already due on it and by its length, and one day is drawn at random by weight:

    weight = 1                                    if no review is due that day
    weight = (1 / due) ** 2.15 * (1 / days) ** 3  otherwise

so an empty day is almost always taken, then the lightest day, with nearer days preferred
among equal ones. Longer intervals are fuzzed uniformly, as Anki does (far ahead, the need to
balance is low). Anki also keeps sibling cards of one note apart; a quiz card has no siblings.

**Easy days** (`quiz.core.calendar`) give each weekday a share of the usual load (Sunday 0.5:
half a day's reviews). As in Anki, a day of share 1 always stays a candidate, and a day of
share s between 0 and 1 stays one only while its reviews per unit of share are no more than
the other days' in the range, `due / s <= (others' due) / (others' shares)`; past that its
weight is multiplied by 0.0001. Anki knows only the shares 0, 0.5 and 1; any share between 0
and 1 works here the same way. A day of share 0 takes no review while another day of the range
can: Anki only scales its weight by 0.0001 (and not at all while it is empty), which a loaded
week outweighs, so its "minimum" days still fill to a few percent of the others.

A public holiday of the working calendar (`quiz.core.calendar.WorkingCalendar`) takes Sunday's
share, a 调休 make-up working day a usual day's.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

from quiz.core.calendar import DayShares

MAX_BALANCED_INTERVAL = 90          # Anki's MAX_LOAD_BALANCE_INTERVAL
EXCLUDED = 0.0001                   # Anki's weight factor for a day past its share
_COUNT_POWER = 2.15
_LENGTH_POWER = 3


# -- fuzz ------------------------------------------------------------------------------------

@cache
def _fuzz_ranges() -> tuple[tuple[float, float, float], ...]:
    """fsrs's FUZZ_RANGES as (start, end, factor), read once (fsrs is imported when needed)."""
    from fsrs.scheduler import FUZZ_RANGES

    return tuple((part["start"], part["end"], part["factor"]) for part in FUZZ_RANGES)


def fuzz_delta(interval: float) -> float:
    """How far fuzz may move an interval either way: a day, plus a share of the interval that
    shrinks as it grows (fsrs's and Anki's FUZZ_RANGES); nothing below 2.5 days."""
    if interval < 2.5:
        return 0.0
    return 1.0 + sum(factor * max(min(interval, end) - start, 0.0)
                     for start, end, factor in _fuzz_ranges())


def fuzz_range(interval: int, maximum: int) -> tuple[int, int]:
    """The days `fsrs.Scheduler` may fuzz a whole-day interval to, as (shortest, longest).

    As fsrs: no fuzz below 2.5 days; never shorter than 2 days nor longer than `maximum`.
    """
    if interval < 2.5:
        return interval, interval
    delta = fuzz_delta(interval)
    longest = min(round(interval + delta), maximum)
    shortest = min(max(2, round(interval - delta)), longest)
    return shortest, longest


# -- load balancing ----------------------------------------------------------------------------

@dataclass
class DayLoad:
    """Reviews due on each study day (what the load balancer weighs); kept up to date as cards
    are scheduled."""

    counts: Counter[date] = field(default_factory=Counter)

    def due_on(self, day: date) -> int:
        return self.counts[day]

    def add(self, day: date) -> None:
        self.counts[day] += 1

    def remove(self, day: date) -> None:
        if self.counts[day] > 0:
            self.counts[day] -= 1


def _easy_modifiers(shares: list[float], dues: list[int]) -> list[float]:
    """Anki's easy-day modifiers, for any share from 0 to 1 (see the module docstring)."""
    total_due = sum(dues)
    total_share = sum(shares)
    modifiers = []
    for share, due in zip(shares, dues):
        if share >= 1:
            modifiers.append(1.0)
        elif share <= 0:
            modifiers.append(0.0)
        else:
            other_share = total_share - share
            threshold = (total_due - due) / other_share if other_share > 0 else math.inf
            modifiers.append(EXCLUDED if due / share > threshold else 1.0)
    return modifiers


def day_weights(shortest: int, longest: int, review_day: date, load: DayLoad,
                shares: DayShares) -> list[float]:
    """The load balancer's weight for each interval from `shortest` to `longest` days."""
    days = [review_day + timedelta(days=interval) for interval in range(shortest, longest + 1)]
    dues = [load.due_on(day) for day in days]
    modifiers = _easy_modifiers([shares.share(day) for day in days], dues)
    weights = []
    for interval, due, modifier in zip(range(shortest, longest + 1), dues, modifiers):
        weight = 1.0 if due == 0 else (1 / due) ** _COUNT_POWER * (1 / interval) ** _LENGTH_POWER
        weights.append(weight * modifier)
    return weights


def pick_day(shortest: int, longest: int, *, u: float, review_day: date,
             load: DayLoad | None = None, shares: DayShares | None = None) -> int:
    """An interval from `shortest` to `longest` days, drawn with `u` (uniform in [0, 1)):
    load-balanced when a load is given and the range lies within 90 days, else uniform."""
    if shortest >= longest:
        return shortest
    if load is None or longest > MAX_BALANCED_INTERVAL:
        return shortest + min(int(u * (longest - shortest + 1)), longest - shortest)
    weights = day_weights(shortest, longest, review_day, load, shares or DayShares())
    if not any(weights):                       # every day of the range is a rest day
        return shortest + min(int(u * (longest - shortest + 1)), longest - shortest)
    mark = u * sum(weights)
    for interval, weight in zip(range(shortest, longest + 1), weights):
        mark -= weight
        if mark < 0:
            return interval
    return longest
