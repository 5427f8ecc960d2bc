"""What the domain says to the learner, said so that a front end can say it in their language.

The catalogue of both languages (`quiz.render.i18n`) is a layer above the domain, which cannot
look a sentence up in it. So the domain says a sentence in English and names it: a `Message` is
that English text (it is a `str`, usable wherever text is), the catalogue key it is, and the
values of its placeholders. A front end says it again in the learner's language with
`Messages.text` (`Messages.error` for an exception). A test keeps every English template here
equal to the catalogue's English.
"""

from __future__ import annotations

from collections.abc import Mapping


def fill(template: str, values: Mapping[str, object]) -> str:
    """`template` with its placeholders filled. Given a `count`, a template may have a singular
    and a plural form, written `one|other` (English needs them; Chinese does not): `count` == 1
    picks the first. Without a `count`, `|` is just a character (a shell pipe, say)."""
    if "count" in values and "|" in template:
        singular, _, plural = template.partition("|")
        template = singular if values.get("count") == 1 else plural
    return template.format(**values) if values else template


class Message(str):
    """English text that also names its catalogue message (`key`) and that message's `values`
    (which may be Messages themselves)."""

    key: str
    values: dict[str, object]

    def __new__(cls, key: str, template: str, **values: object) -> Message:
        text = super().__new__(cls, fill(template, values))
        text.key = key
        text.values = values
        return text

    def __reduce__(self) -> tuple:
        """Copied and pickled as itself, not as the plain str it also is."""
        return _restored, (str(self), self.key, self.values)


def _restored(text: str, key: str, values: dict[str, object]) -> Message:
    message = str.__new__(Message, text)
    message.key = key
    message.values = values
    return message
