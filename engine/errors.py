"""The one error type casus raises for bad input: every problem carries a location."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Location:
    """Where a problem is: a file (or '<query>'), 1-based line and column."""

    file: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.col}"
        return self.file


@dataclass(frozen=True)
class Problem:
    """One diagnosed problem: a stable code, a plain message and its location."""

    code: str
    message: str
    location: Location
    hints: tuple[str, ...] = ()

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}"
        if self.hints:
            text += " (did you mean: " + ", ".join(self.hints) + "?)"
        return text


@dataclass
class CasusError(Exception):
    """Bad rules, facts, queries or scenarios; carries every problem found."""

    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(str(self))

    @classmethod
    def single(
        cls, code: str, message: str, location: Location, hints: tuple[str, ...] = ()
    ) -> CasusError:
        """Build an error with one problem."""
        return cls([Problem(code, message, location, hints)])

    @property
    def code(self) -> str:
        """The code of the first problem, used as the error's overall code."""
        return self.problems[0].code if self.problems else "error"

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)
