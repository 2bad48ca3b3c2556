"""User-facing errors.

Anything raised as an :class:`AnnotatorError` is a problem with the user's input or
files, not a bug: front ends show its message (one line) and never a traceback.
"""

from __future__ import annotations

import json
import re
from typing import Any


class AnnotatorError(Exception):
    """Base class for errors whose message is meant for the user.

    A message may quote what it refuses; a value of 100,000 characters is not read by
    anyone, so a quoted value past :data:`QUOTED_LIMIT` keeps its start and says its
    length (:func:`capped`).
    """

    def __init__(self, *args: object) -> None:
        if args and isinstance(args[0], str):
            args = (capped(args[0]), *args[1:])
        super().__init__(*args)


class ProjectError(AnnotatorError):
    """The project file is missing, not a project, damaged, or from a newer version."""


class InputError(AnnotatorError):
    """An import file is malformed; the message names the file and line."""


class OffsetError(AnnotatorError):
    """A span's offsets are empty or fall outside its document's text."""


class SchemaError(AnnotatorError):
    """A label schema is invalid."""


class EditError(AnnotatorError):
    """An edit cannot be applied (unknown label, span, wrong kind...)."""


class DamagedProjectError(ProjectError):
    """The project file is damaged: nothing may be written into it."""


class ConflictError(EditError):
    """Someone else changed the same annotations meanwhile (a shared server project): the
    edit was not saved, and what they did is kept."""


class Cancelled(AnnotatorError):  # noqa: N818 - it is an outcome, not a failure
    """The user cancelled a long operation; nothing was changed."""


class MissingDependency(AnnotatorError):  # noqa: N818 - named for what the user lacks
    """An optional library is not installed; the message says what to install."""

    def __init__(self, what: str, package: str, extra: str) -> None:
        self.what, self.package, self.extra = what, package, extra
        self.install = f"pip install 'annotator[{extra}]'"
        super().__init__(f"{what} needs {package}, which is not installed: {self.install}")

    def __reduce__(self) -> tuple[type[MissingDependency], tuple[str, str, str]]:
        # rebuilt whole when it comes back from the background training process
        return (MissingDependency, (self.what, self.package, self.extra))


def no_progress(done: int, total: int) -> None:
    """The default progress callback. Callbacks raise :class:`Cancelled` to stop."""


class ProjectLockedError(ProjectError):
    """The project is open for writing in another window or process."""

    def __init__(self, message: str, holder: str = "") -> None:
        super().__init__(message)
        self.holder = holder  # who holds it, for the window's question


class ReadOnlyProjectError(ProjectError):
    """The project cannot be written: a read-only file, folder or open."""


# What str.splitlines() breaks lines on; any of them may sit inside a value read from a file.
_LINE_BREAKS = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


QUOTED_LIMIT = 120
# A quoted value ('...' or "...") in a message, quotes escaped inside as repr() does.
_QUOTED = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"", re.DOTALL)
# Or a number too long to read (an offset or id of thousands of digits), outside quotes.
DIGITS_LIMIT = 40
_QUOTED_OR_DIGITS = re.compile(
    _QUOTED.pattern + rf"|(?<![0-9])[0-9]{{{DIGITS_LIMIT + 1},}}", re.DOTALL
)
MESSAGE_LIMIT = 2000
LONG_MESSAGE = 400


def capped(message: str) -> str:
    """A long ``message`` with each quoted value longer than QUOTED_LIMIT cut to its
    start, "…" and its length, and each number longer than DIGITS_LIMIT digits to its
    first digits and its count; the whole message then at most MESSAGE_LIMIT characters.

    Only past LONG_MESSAGE characters: an apostrophe in ordinary prose ("alice's layer")
    could otherwise pair with another one and look like a quoted value.
    """
    if len(message) <= LONG_MESSAGE:
        return message

    def cut(match: re.Match[str]) -> str:
        quoted = match.group()
        if quoted[0] not in "'\"":
            return f"{quoted[:20]}… ({len(quoted):,} digits)"
        if len(quoted) <= QUOTED_LIMIT:
            return quoted
        return f"{quoted[: QUOTED_LIMIT - 20]}…{quoted[0]} ({len(quoted) - 2:,} characters)"

    message = _QUOTED_OR_DIGITS.sub(cut, message)
    if len(message) > MESSAGE_LIMIT:
        message = f"{message[: MESSAGE_LIMIT - 40]}… ({len(message):,} characters in all)"
    return message


def one_line(message: str) -> str:
    """``message`` with its line breaks escaped (``\\r``, ``\\u2028``): errors are one line,
    also when they quote a file's content."""
    return _LINE_BREAKS.sub(lambda match: repr(match.group())[1:-1], message)


def as_json(value: Any) -> str:
    """``value`` spelt as the JSON (or TOML) it was read from, for a message: ``true``,
    ``null``, ``"3"``, ``1.5``, not Python's ``True``, ``None``, ``'3'``."""
    try:
        return one_line(json.dumps(value, ensure_ascii=False))  # JSON keeps U+2028 as is
    except (TypeError, ValueError):  # not JSON, or an int of more digits than int() shows
        return f"a {type(value).__name__}" if isinstance(value, int) else repr(value)
