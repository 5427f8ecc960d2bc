"""Characters that deck text may not hold, because printing them would act on the terminal.

C0 controls other than tab and newline, DEL and the C1 controls can start an escape sequence
(ESC, U+009B CSI, U+009D OSC) that retitles, clears or reprograms the terminal, or move the
cursor back over what was printed (CR, BS). The bidirectional embeddings, overrides and
isolates (U+202A–U+202E, U+2066–U+2069) reorder the text around them on screen, so an answer
could be shown as something other than what is checked; the plain direction marks (U+200E,
U+200F, U+061C) only affect their neighbours and are allowed. The deck loader and every
importer refuse these characters; `quiz check` and the importers name the one they found.
"""

from __future__ import annotations

import re
import unicodedata

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
BIDI_RE = re.compile(f"[{BIDI_CONTROLS}]")
# Tab and newline are left out: multi-line text needs them and they drive nothing.
CONTROL_RE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{BIDI_CONTROLS}]")


def describe(character: str) -> str:
    """A character named for an error message: `U+001B (a control character)`."""
    code = f"U+{ord(character):04X}"
    if character in BIDI_CONTROLS:
        return f"{code} ({unicodedata.name(character)}, a bidirectional control)"
    return f"{code} (a control character)"


def forbidden_character(text: str) -> str | None:
    """The first character of `text` that deck text may not hold, described; None if none."""
    found = CONTROL_RE.search(text)
    return None if found is None else describe(found.group())
