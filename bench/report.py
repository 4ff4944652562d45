"""The benchmark's table: one row per measurement, fauxpen beside the baseline, their ratio and the target."""
import json
from dataclasses import asdict, dataclass


@dataclass
class Row:
    name: str
    unit: str
    fauxpen: float | None
    baseline: float | None = None
    target: str = ""
    ok: bool | None = None     # None: no target, or not measured
    note: str = ""

    @property
    def ratio(self):
        """fauxpen / baseline, when both were measured."""
        if self.fauxpen is None or not self.baseline:
            return None
        return self.fauxpen / self.baseline


def number(value):
    """Format a figure with about three significant digits."""
    if value is None:
        return "-"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


HEADER = ("row", "unit", "fauxpen", "baseline", "ratio", "target", "ok")


def cells(row):
    ratio = row.ratio
    ok = {True: "yes", False: "NO", None: ""}[row.ok]
    return (row.name + (f" ({row.note})" if row.note else ""), row.unit, number(row.fauxpen), number(row.baseline),
            f"{ratio:.2f}x" if ratio is not None else "-", row.target, ok)


def table(rows):
    """Return the rows as a plain-text table, columns aligned."""
    lines = [HEADER] + [cells(row) for row in rows]
    widths = [max(len(line[i]) for line in lines) for i in range(len(HEADER))]
    text = ["  ".join(cell.ljust(width) if i < 2 else cell.rjust(width) if i < 5 else cell.ljust(width)
                      for i, (cell, width) in enumerate(zip(line, widths))).rstrip() for line in lines]
    text.insert(1, "-" * len(text[0]))
    return "\n".join(text)


def markdown(rows):
    """Return the rows as a markdown table (for the README's performance section)."""
    lines = ["| " + " | ".join(HEADER) + " |", "|" + " --- |" * len(HEADER)]
    lines += ["| " + " | ".join(cells(row)) + " |" for row in rows]
    return "\n".join(lines)


def save(path, rows, meta):
    """Write the rows and the run's settings as JSON."""
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"meta": meta, "rows": [{**asdict(r), "ratio": r.ratio} for r in rows]}, f, indent=1)
