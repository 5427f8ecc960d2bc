"""Reading a learner's lines and writing what they are shown, one line at a time.

Everything written is flushed at once, so a program on the other end of a pipe sees each line
(or JSON event) before it has to answer it. The end of input is `None`, never an error.
"""

from __future__ import annotations

import json
import sys
from typing import Any, TextIO


class Lines:
    """Text lines and prompts for a person, or one JSON object per line for a program."""

    def __init__(self, stdin: TextIO, stdout: TextIO, *, as_json: bool) -> None:
        self.stdin = stdin
        self.stdout = stdout
        self.as_json = as_json

    def read(self, prompt: str = "") -> str | None:
        """One line of input without its line break (None once input ends); in text mode the
        prompt is written first, on the same line."""
        if prompt and not self.as_json:
            self.stdout.write(prompt)
            self.stdout.flush()
        line = self.stdin.readline()
        if not line:
            if prompt and not self.as_json:
                self.say("")   # end the prompt's line
            return None
        return line.rstrip("\r\n")

    def say(self, *texts: str) -> None:
        """Lines for a person (nothing in JSON mode)."""
        if not self.as_json:
            for text in texts:
                self.stdout.write(text + "\n")
            self.stdout.flush()

    def event(self, name: str, **fields: Any) -> None:
        """One JSON event (nothing in text mode)."""
        if self.as_json:
            self.stdout.write(json.dumps({"event": name, **fields}, ensure_ascii=False) + "\n")
            self.stdout.flush()

    def complain(self, text: str) -> None:
        """A line about bad input: on stdout for a person, on stderr beside JSON."""
        if self.as_json:
            print(f"quiz: {text}", file=sys.stderr, flush=True)
        else:
            self.say(text)
