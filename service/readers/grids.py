"""Ruled grids (lưới kẻ bảng): the rules a page draws, grouped into tables and cut into cells.
The same for a scan's image (ocr_layout.py finds the rules in pixels) and a text PDF's content
stream (tables.py, in points)."""

from __future__ import annotations

from dataclasses import dataclass, field

from service.models import Box

_NEAR = 12  # pixels of a 300 dpi scan: rules this close meet (residual skew, the rule's own width)
_MIN_CELLS_ROW_SHARE = 0.5  # a grid whose rows mostly hold one cell is a boxed paragraph
MIN_GRID_RULES = 3  # a table has at least this many rules each way (two rows and two columns)


@dataclass(frozen=True)
class Rule:
    horizontal: bool
    at: float  # y of a horizontal rule, x of a vertical one
    start: float  # x0 (horizontal) or y0 (vertical)
    end: float


@dataclass
class Grid:
    """A ruled table: column and row edges, and its cells as (row, col, rows, cols) over them."""

    xs: list[float]
    ys: list[float]
    cells: list[tuple[int, int, int, int]] = field(default_factory=list)

    @property
    def box(self) -> Box:
        return (self.xs[0], self.ys[0], self.xs[-1], self.ys[-1])

    def cell_box(self, cell: tuple[int, int, int, int]) -> Box:
        r, c, nr, nc = cell
        return (self.xs[c], self.ys[r], self.xs[c + nc], self.ys[r + nr])


def find_grids(rules: list[Rule], near: float = _NEAR) -> list[Grid]:
    """Tables: groups of rules that cross or meet, with at least three rules each way; ``near`` is
    how close (in the rules' unit) two rules must come to meet."""
    parent = list(range(len(rules)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(rules):
        for j in range(i + 1, len(rules)):
            b = rules[j]
            if a.horizontal != b.horizontal and _meet(a, b, near):
                parent[root(i)] = root(j)
    groups: dict[int, list[Rule]] = {}
    for i, rule in enumerate(rules):
        groups.setdefault(root(i), []).append(rule)
    grids = []
    for group in groups.values():
        hs = [r for r in group if r.horizontal]
        vs = [r for r in group if not r.horizontal]
        if len(hs) >= MIN_GRID_RULES and len(vs) >= MIN_GRID_RULES:
            grid = _grid(hs, vs, near)
            if len(grid.xs) >= 3 and len(grid.ys) >= 3:  # two columns and two rows at least
                grids.append(grid)
    return sorted(grids, key=lambda g: g.ys[0])


def _meet(a: Rule, b: Rule, near: float) -> bool:
    h, v = (a, b) if a.horizontal else (b, a)
    return h.start - near <= v.at <= h.end + near and v.start - near <= h.at <= v.end + near


def _edges(values: list[float], near: float) -> list[float]:
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= near * 2:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(c) / len(c) for c in out]


def _grid(hs: list[Rule], vs: list[Rule], near: float) -> Grid:
    xs, ys = _edges([v.at for v in vs], near), _edges([h.at for h in hs], near)
    grid = Grid(xs, ys)

    def ruled(rules: list[Rule], at: float, mid: float) -> bool:
        return any(abs(r.at - at) <= near * 2 and r.start - near <= mid <= r.end + near for r in rules)

    taken: set[tuple[int, int]] = set()
    for r in range(len(ys) - 1):
        for c in range(len(xs) - 1):
            if (r, c) in taken:
                continue
            cols = 1  # reach right while no vertical rule stands between
            while c + cols < len(xs) - 1 and not ruled(vs, xs[c + cols], (ys[r] + ys[r + 1]) / 2):
                cols += 1
            rows = 1
            while r + rows < len(ys) - 1 and not ruled(hs, ys[r + rows], (xs[c] + xs[c + cols]) / 2):
                rows += 1
            for dr in range(rows):
                for dc in range(cols):
                    taken.add((r + dr, c + dc))
            grid.cells.append((r, c, rows, cols))
    return grid


def is_real_table(rows: list[list[str]]) -> bool:
    """A grid of at least 2 × 2 whose rows mostly fill two cells or more: not a paragraph that a
    border, a highlight or an underline boxed in."""
    if len(rows) < 2 or max((len(r) for r in rows), default=0) < 2:
        return False
    full = sum(1 for r in rows if sum(1 for c in r if c.strip()) >= 2)
    return full >= 2 and full >= _MIN_CELLS_ROW_SHARE * len(rows)
