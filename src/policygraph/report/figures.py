"""The report's figures: coverage heatmaps, similarity matrices and the partner network
as deterministic SVG (the only matplotlib import)."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib
from matplotlib.colors import LinearSegmentedColormap, PowerNorm
from matplotlib.figure import Figure

from .. import analysis

#: Fixed so that the same data gives byte-identical SVG files.
SVG_SALT = "policygraph"

#: Cells are annotated with their value only while a heatmap has at most this many
#: columns; a national one (98 municipalities) is read by colour and the tables.
ANNOTATED_COLUMNS_MAX = 40
#: A similarity heatmap names its rows and columns up to this many; beyond, the
#: figure keeps a fixed size (an overview) and the pairs table names the pairs.
LABELLED_KEYS_MAX = 160

__all__ = [
    "ANNOTATED_COLUMNS_MAX",
    "LABELLED_KEYS_MAX",
    "SVG_SALT",
    "ReportFigure",
    "coverage_figure",
    "partner_figure",
    "similarity_figure",
]


@dataclass(frozen=True)
class ReportFigure:
    """A figure of the report: file name (under ``figures/``), caption and alt text."""

    file: str
    title: str
    alt: str
    width: int
    height: int


def _row_label(network: Any, concept: str, width: int = 58) -> str:
    """Two lines, Danish then English, for a heatmap row."""
    attrs = network.nodes[concept]
    kind = attrs.get("type")
    notation = str(attrs.get("notation", ""))
    da = str(attrs.get("label_da", ""))
    en = str(attrs.get("label_en", ""))
    if kind == "principle":
        da, en = f"{notation}. {da}", f"{notation}. {en}"
    elif kind == "sdg_goal":
        da, en = f"Mål {notation}: {da}", f"Goal {notation}: {en}"
    elif kind == "sdg_target":
        goals = [o for _, o, r in network.out_edges(concept, data="relation") if r == "target_of"]
        goal_da = str(network.nodes[goals[0]].get("label_da", "")) if goals else ""
        da, en = f"Delmål {notation} ({goal_da})", f"{notation} {en}"
    return "\n".join(
        textwrap.shorten(text, width=width, placeholder="…") for text in (da, en) if text
    )


_EXPLICIT = LinearSegmentedColormap.from_list("explicit", ["#ffffff", "#e6550d"])
_CURATED = LinearSegmentedColormap.from_list("curated", ["#ffffff", "#3182bd"])
_SIMILAR = LinearSegmentedColormap.from_list("similar", ["#ffffff", "#54278f"])
_KIND_COLOURS = (
    "#1b9e77",
    "#d95f02",
    "#7570b3",
    "#e7298a",
    "#66a61e",
    "#e6ab02",
    "#a6761d",
    "#666666",
    "#1f78b4",
    "#b15928",
)
_COVERAGE_TITLES = {
    "principle": "National recovery principles",
    "chime": "CHIME recovery processes",
    "theme": "Themes",
    "sdg": "UN Sustainable Development Goals and targets",
}


@contextmanager
def _figure_style() -> Iterator[None]:
    with matplotlib.rc_context(
        {
            "svg.hashsalt": SVG_SALT,
            "svg.fonttype": "path",
            "font.family": "DejaVu Sans",
            "font.size": 9,
            "axes.titlesize": 11,
            "axes.titleweight": "bold",
        }
    ):
        yield


def _save(fig: Figure, path: Path, title: str, alt: str) -> ReportFigure:
    with _figure_style():
        fig.savefig(path, format="svg", metadata={"Date": None})
    width, height = fig.get_size_inches()
    return ReportFigure(path.name, title, alt, round(width * 72), round(height * 72))


def _draw(builder: Callable[[], Figure]) -> Figure:
    with _figure_style():
        return builder()


def _annotated_heatmap(
    ax: Any,
    values: Sequence[Sequence[float]],
    cmap: Any,
    vmax: float,
    fmt: Callable[[float], str],
    gamma: float = 1.0,
) -> Any:
    if not values or not values[0]:
        # nothing to draw (no document links to this vocabulary): say so, not a crash
        ax.text(0.5, 0.5, "no links", ha="center", va="center", color="#666666")
        ax.set_xticks([])
        ax.set_yticks([])
        return None
    # gamma < 1 lifts small counts off white, so a single link shows next to thirty.
    norm = PowerNorm(gamma, vmin=0, vmax=vmax or 1)
    # "none": one pixel per cell in the SVG, scaled by the viewer (no resampled raster).
    image = ax.imshow(values, cmap=cmap, norm=norm, aspect="auto", interpolation="none")
    annotated = len(values[0]) <= ANNOTATED_COLUMNS_MAX
    for i, row in enumerate(values if annotated else ()):
        for j, value in enumerate(row):
            strong = norm(value) > 0.6
            ax.text(
                j,
                i,
                fmt(value),
                ha="center",
                va="center",
                fontsize=8,
                color="white" if strong else ("#222222" if value else "#b0b0b0"),
            )
    ax.set_xticks(range(len(values[0])) if values else [])
    ax.set_yticks(range(len(values)))
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    return image


def coverage_figure(network: Any, cov: analysis.Coverage, path: Path) -> ReportFigure:
    title = _COVERAGE_TITLES[cov.kind]
    row_labels = [_row_label(network, r) for r in cov.rows]

    def build() -> Figure:
        height = max(2.6, 0.42 * len(cov.rows) + 1.6)
        # Beyond annotated cells, room for each column's label (0.13 in per column).
        width = max(11.0, 2 * 0.13 * len(cov.columns) + 6.0)
        fig = Figure(figsize=(width, height), layout="constrained")
        axes = fig.subplots(1, 2, sharey=True)
        vmax = max([v for row in cov.total for v in row] + [1])
        for ax, basis, cmap in ((axes[0], "explicit", _EXPLICIT), (axes[1], "curated", _CURATED)):
            counts = cov.counts(basis)
            drawn = _annotated_heatmap(ax, counts, cmap, vmax, lambda v: str(int(v)), gamma=0.5)
            ax.set_title(f"{basis.capitalize()} links", loc="left")
            if drawn is not None:
                wide = len(cov.columns) > ANNOTATED_COLUMNS_MAX
                ax.set_xticklabels(
                    cov.column_labels,
                    rotation=90 if wide else 30,
                    ha="center" if wide else "right",
                    fontsize=6 if wide else None,
                )
        if cov.rows and cov.columns:
            axes[0].set_yticklabels(row_labels)
        fig.suptitle(f"{title} × municipality (number of links)", x=0.01, ha="left", weight="bold")
        return fig

    fig = _draw(build)
    alt = (
        f"Heatmap: {title.lower()} (rows) by municipality (columns), explicit links on the "
        f"left and curated links on the right; {len(cov.gaps())} of "
        f"{len(cov.rows) * len(cov.columns)} cells have no link."
    )
    return _save(fig, path, f"{title} × municipality", alt)


def similarity_figure(sim: analysis.Similarity, path: Path, what: str) -> ReportFigure:
    longest = max((len(label) for label in sim.labels), default=0)

    count = len(sim.keys)
    annotated = count <= ANNOTATED_COLUMNS_MAX
    labelled = count <= LABELLED_KEYS_MAX

    def build() -> Figure:
        # Room for the cells plus the row and column labels (about 0.075 in per character);
        # small cells without values beyond ANNOTATED_COLUMNS_MAX, a fixed size beyond
        # LABELLED_KEYS_MAX.
        cell = 0.55 if annotated else 0.11
        text = 0.075 if annotated else 0.05
        size = max(3.0, cell * min(count, LABELLED_KEYS_MAX) + 1.0 + text * longest)
        fig = Figure(figsize=(2 * size + 1.2, size), layout="constrained")
        axes = fig.subplots(1, 2)
        for ax, metric in zip(axes, analysis.METRICS, strict=True):
            image = _annotated_heatmap(ax, sim.matrix(metric), _SIMILAR, 1.0, lambda v: f"{v:.2f}")
            ax.set_title(f"{metric.capitalize()}", loc="left")
            if image is None:
                continue
            if labelled:
                if annotated:
                    ax.set_xticklabels(sim.labels, rotation=35, ha="right")
                    ax.set_yticklabels(sim.labels)
                else:
                    ax.set_xticklabels(sim.labels, rotation=90, fontsize=5)
                    ax.set_yticklabels(sim.labels, fontsize=5)
            else:
                ax.set_xticks([])
                ax.set_yticks([])
        if image is not None:
            fig.colorbar(image, ax=axes, shrink=0.8, label="similarity")
        return fig

    fig = _draw(build)
    alt = (
        f"Two heatmaps of pairwise similarity between {what}: Jaccard (shared concepts) "
        "and cosine (how often each concept is linked); 1 means identical profiles."
    )
    return _save(fig, path, f"Similarity of {what}", alt)


def partner_figure(net: analysis.PartnerNetwork, path: Path) -> ReportFigure:
    """Municipalities on the left, partners on the right, a line for each named partner."""
    municipalities = list(net.municipalities)
    partners = list(net.partners)
    m_y = {m: _spread(i, len(municipalities), len(partners)) for i, m in enumerate(municipalities)}

    def barycentre(p: str) -> float:
        ys = [m_y[m] for m in net.graph[p]]
        return sum(ys) / len(ys)

    partners.sort(key=lambda p: (-barycentre(p), -net.graph.degree(p), net.label(p)))
    p_y = {p: float(len(partners) - 1 - i) for i, p in enumerate(partners)}
    kinds = sorted({str(net.graph.nodes[p].get("kind", "other")) for p in partners})
    colour = {k: _KIND_COLOURS[i % len(_KIND_COLOURS)] for i, k in enumerate(kinds)}

    def build() -> Figure:
        height = max(4.0, 0.28 * len(partners) + 1.4)
        fig = Figure(figsize=(10, height), layout="constrained")
        ax = fig.add_subplot()
        for m in municipalities:
            for p in net.graph[m]:
                # Lines to shared partners are darker: they tie municipalities together.
                shared = net.graph.degree(p) > 1
                ax.plot(
                    [0, 1],
                    [m_y[m], p_y[p]],
                    color="#3b4252" if shared else "#aab2c0",
                    alpha=0.9 if shared else 0.7,
                    linewidth=1.6 if shared else 0.9,
                )
        for m in municipalities:
            ax.scatter([0], [m_y[m]], s=180, marker="s", color="#1d2330", zorder=3)
            ax.text(
                -0.03, m_y[m], net.label(m), ha="right", va="center", fontsize=10, weight="bold"
            )
        for p in partners:
            kind = str(net.graph.nodes[p].get("kind", "other"))
            size = 40 + 30 * net.graph.degree(p)
            ax.scatter([1], [p_y[p]], s=size, color=colour[kind], zorder=3, edgecolor="white")
            name = textwrap.shorten(net.label(p), width=72, placeholder="…")
            degree = net.graph.degree(p)
            suffix = f"  ({degree} municipalities)" if degree > 1 else ""
            weight = "bold" if degree > 1 else "normal"
            ax.text(
                1.03, p_y[p], name + suffix, ha="left", va="center", fontsize=8.5, weight=weight
            )
        for kind in kinds:
            ax.scatter([], [], s=50, color=colour[kind], label=kind)
        if kinds:  # no partners, no legend (matplotlib would warn on the terminal)
            ax.legend(
                title="Partner kind",
                loc="lower left",
                fontsize=8,
                title_fontsize=8.5,
                frameon=False,
            )
        ax.set_xlim(-0.75, 2.2)
        ax.set_ylim(-1, len(partners))
        ax.axis("off")
        ax.set_title("Which municipality names which partner", loc="left")
        return fig

    fig = _draw(build)
    shared = len(net.shared_partners())
    alt = (
        f"Network drawing: {len(municipalities)} municipalities on the left joined by lines to "
        f"the {len(partners)} partner organisations their documents name, on the right; "
        f"{shared} partners are named by more than one municipality."
    )
    return _save(fig, path, "Partner network", alt)


def _spread(index: int, count: int, span: int) -> float:
    """Evenly spaced positions for ``count`` nodes over a column ``span`` high."""
    if count <= 1:
        return (span - 1) / 2
    top, bottom = span - 1 - 0.15 * span, 0.15 * span
    return top - index * (top - bottom) / (count - 1)
