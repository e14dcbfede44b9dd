"""Result rows (lists of flat dicts) as a readable table, JSON or CSV, for the command line."""

from __future__ import annotations

import csv
import io
import json

MAX_WIDTH = 70


def cell(value) -> str:
    if isinstance(value, (list, tuple)):
        return "; ".join(item(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k} {cell(v)}" for k, v in value.items())
    return "" if value is None else str(value)


def item(value) -> str:
    """A row inside a list ("linked with"): its first field, then the others in brackets: "CPU (HARDWARE, 1)"."""
    if not isinstance(value, dict) or len(value) < 2:
        return cell(value)
    first, *rest = value.values()
    return f"{cell(first)} ({', '.join(cell(v) for v in rest)})"


def render(rows: list[dict], fmt: str = "table") -> str:
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=1)
    columns = list(dict.fromkeys(k for row in rows for k in row))
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: cell(row.get(k)) for k in columns} for row in rows)
        return buffer.getvalue().rstrip("\n")
    if not rows:
        return "(no results)"
    text = [[cell(row.get(c)) for c in columns] for row in rows]
    widths = [min(MAX_WIDTH, max(len(c), *(len(r[i]) for r in text))) for i, c in enumerate(columns)]
    fit = lambda s, w: s if len(s) <= w else s[: w - 1] + "…"  # noqa: E731
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(fit(v, w).ljust(w) for v, w in zip(r, widths)).rstrip() for r in text]
    return "\n".join(lines)


def render_record(record: dict, fmt: str = "table") -> str:
    """One record (`kg query entity`, `kg stats`): JSON as it is, or "field: value" lines."""
    if fmt == "json":
        return json.dumps(record, ensure_ascii=False, indent=1)
    if fmt == "csv":
        return render([{k: cell(v) for k, v in record.items()}], "csv")
    width = max(len(k) for k in record)
    return "\n".join(f"{k.replace('_', ' ').ljust(width)}  {cell(v)}" for k, v in record.items())
