"""The forgetting curve FSRS predicts recall with, from the learner's parameters.

Recall after `t` whole days of a card with stability `S` is (1 + factor · t / S) ** decay, with
decay and factor from the last parameter (fsrs 6). The figures evaluate it inside SQLite
(`quiz.storage.queries`), so it is kept here as numbers rather than as fsrs's own code, which
they need not import; a test checks both against fsrs.
"""

from __future__ import annotations

from collections.abc import Sequence

# fsrs.scheduler.FSRS_DEFAULT_DECAY (the last default parameter); a test checks that they agree.
FSRS_DEFAULT_DECAY = 0.1542

Curve = tuple[float, float]   # (decay, factor)


def curve(parameters: Sequence[float] | None) -> Curve:
    """The forgetting curve's (decay, factor), as fsrs computes them from the parameters."""
    decay = -(parameters[20] if parameters else FSRS_DEFAULT_DECAY)
    return decay, 0.9 ** (1 / decay) - 1
