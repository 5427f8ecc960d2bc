"""The forgetting curve FSRS predicts recall with, from the learner's parameters.

Recall `t` days after a review that left a card at stability `S` is
(1 + factor · t / S) ** decay, with decay and factor from the last parameter (fsrs 6), so that
R(S) = 0.9. The figures evaluate it inside SQLite (`quiz.storage.queries`) and the exam plan in
Python (`quiz.study.plan`), so it is kept here as numbers rather than as fsrs's own code, which
neither need import; a test checks both against fsrs. Elapsed time is fractional days, as the
statistics count it; fsrs itself rounds elapsed time down to whole days when it updates a
memory state.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple

# fsrs.scheduler.FSRS_DEFAULT_DECAY (the last default parameter); a test checks that they agree.
FSRS_DEFAULT_DECAY = 0.1542
DAY_SECONDS = 86_400


class Curve(NamedTuple):
    """The curve's shape: R(t) = (1 + factor · t / S) ** decay."""

    decay: float
    factor: float


def curve(parameters: Sequence[float] | None) -> Curve:
    """The forgetting curve of a parameter set (None: the default parameters)."""
    decay = -(parameters[20] if parameters else FSRS_DEFAULT_DECAY)
    return Curve(decay, 0.9 ** (1 / decay) - 1)


def retrievability(elapsed_days: float, stability: float, shape: Curve) -> float:
    """Predicted recall `elapsed_days` after a review that left the card at `stability`."""
    return (1 + shape.factor * max(elapsed_days, 0.0) / stability) ** shape.decay


def days_between(earlier: datetime, later: datetime) -> float:
    """Fractional days from one moment to another."""
    return (later - earlier).total_seconds() / DAY_SECONDS


def days_to_reach(retention: float, stability: float, shape: Curve) -> float:
    """Days after a review at which predicted recall falls to `retention` (unrounded; fsrs
    rounds this to the interval it gives)."""
    return stability / shape.factor * (retention ** (1 / shape.decay) - 1)
