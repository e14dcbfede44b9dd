"""Every error kg reports to a user. The CLI turns these into one `Error: ...` line and exit code 1."""

from __future__ import annotations


class KgError(Exception):
    """Base class: a problem with the user's input or build, never a bug in kg."""


class BadInput(KgError):
    """An input file that cannot be read, with the file and, where there is one, the line."""

    def __init__(self, path: str, reason: str, line: int | None = None, field: str | None = None):
        self.path, self.reason, self.line, self.field = str(path), reason, line, field
        where = self.path if line is None else f"{self.path}:{line}"
        if field:
            where += f" (field {field!r})"
        super().__init__(f"{where}: {reason}")


class NotABuild(KgError):
    """A folder that does not hold a kg build."""

    def __init__(self, path: str, missing: str):
        super().__init__(f"{path}: not a kg build ({missing} is missing); run `kg build --out {path}` first")


class UnknownName(KgError):
    """A name that matches no entity or paper; carries the closest known names."""

    def __init__(self, name: str, suggestions: list[str]):
        self.name, self.suggestions = name, suggestions
        hint = f"; did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"no entity or paper named {name!r}{hint}")


class QueryError(KgError):
    """A SPARQL query that could not be parsed or run."""
