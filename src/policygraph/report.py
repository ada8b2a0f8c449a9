"""The analyst's report: one static HTML page with SVG figures (matplotlib) and Jinja2.

:func:`write_report` runs the analyses of :mod:`policygraph.analysis` and the data
checks of :func:`policygraph.validate`, draws the figures and renders
``templates/report.html.j2`` into ``DIR/index.html`` with ``DIR/figures/*.svg``. The
page needs nothing from the network. The directory is built beside ``DIR`` and moved
into place at the end, so an existing report is never left half-written.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import textwrap
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
import matplotlib
from matplotlib.colors import LinearSegmentedColormap, PowerNorm
from matplotlib.figure import Figure

from . import __version__, analysis
from .errors import ParameterError
from .namespaces import PREFIXES

if TYPE_CHECKING:
    from .graph import DocumentStats, PolicyGraph
    from .validation import ValidationReport

#: A file in every report directory: only such a directory is ever replaced.
MARKER = ".policygraph-report"
#: Fixed so that the same data gives byte-identical SVG files.
SVG_SALT = "policygraph"

_SEVERITY_ORDER = {"violation": 0, "warning": 1, "info": 2}
_DATES_QUERY = (
    "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
    + """
SELECT ?doc ?start ?end ?issued WHERE {
  ?doc a pg:PolicyDocument .
  OPTIONAL { ?doc dcterms:temporal ?period . ?period dcat:startDate ?start ; dcat:endDate ?end }
  OPTIONAL { ?doc dcterms:issued ?issued }
}"""
)


@dataclass(frozen=True)
class ReportFigure:
    """A figure of the report: file name (under ``figures/``), caption and alt text."""

    file: str
    title: str
    alt: str
    width: int
    height: int


def write_report(
    out_dir: str | Path,
    data: Sequence[str | Path] | None = None,
    *,
    graph: PolicyGraph | None = None,
    validation: ValidationReport | None = None,
) -> Path:
    """Write the HTML report on ``data`` (default: the shipped data) to ``out_dir``.

    ``graph`` and ``validation`` may be given when already at hand; otherwise the data
    is loaded and validated. ``out_dir`` must be new, empty, or an earlier report (it is
    replaced as a whole). Returns the path of ``index.html``.

    >>> write_report("report")  # doctest: +SKIP
    PosixPath('report/index.html')
    """
    out = Path(out_dir)
    _check_target(out)
    if graph is None:
        from .graph import load

        graph = load(data)
    if validation is None:
        from .validation import validate

        validation = validate(data)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        build = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.tmp-"))
    except OSError as exc:
        raise ParameterError(f"cannot create {out}: {exc.strerror}; choose another -o.") from None
    try:
        os.chmod(build, 0o755)
        _render(build, graph, validation)
        (build / MARKER).write_text("policygraph report\n", encoding="utf-8")
        _swap(build, out)
    except OSError as exc:
        shutil.rmtree(build, ignore_errors=True)
        raise ParameterError(
            f"cannot write the report to {out}: {exc.strerror or exc}; choose another -o."
        ) from None
    except BaseException:
        shutil.rmtree(build, ignore_errors=True)
        raise
    return out / "index.html"


def _check_target(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise ParameterError(f"{out} is a file; give a directory for the report.")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise ParameterError(
            f"{out} is not empty and holds no earlier report, so it is not replaced; "
            "choose a new or empty directory with -o."
        )


def _swap(build: Path, out: Path) -> None:
    """Move ``build`` to ``out``; an earlier report is moved aside first, then removed."""
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.old-"))
        os.replace(out, old / "report")
    try:
        os.replace(build, out)
    except OSError:
        if old is not None:
            os.replace(old / "report", out)
        raise
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


# -- the page --------------------------------------------------------------------------


def _render(build: Path, graph: PolicyGraph, validation: ValidationReport) -> None:
    network = analysis.projection(graph)
    figures_dir = build / "figures"
    figures_dir.mkdir()
    stats = {str(s.document): s for s in graph.stats()}
    coverages = {
        kind: analysis.coverage(network, kind=kind)
        for kind in ("principle", "chime", "theme", "sdg")
    }
    by_municipality = analysis.similarity(network, by="municipality")
    by_document = analysis.similarity(network, by="document")
    partners = analysis.partner_network(network)
    found = analysis.communities(network)
    figures = {
        f"coverage-{kind}": _coverage_figure(network, cov, figures_dir / f"coverage-{kind}.svg")
        for kind, cov in coverages.items()
    }
    figures["similarity-municipalities"] = _similarity_figure(
        by_municipality, figures_dir / "similarity-municipalities.svg", "municipalities"
    )
    figures["similarity-documents"] = _similarity_figure(
        by_document, figures_dir / "similarity-documents.svg", "documents"
    )
    figures["partners"] = _partner_figure(partners, figures_dir / "partners.svg")
    context = {
        "version": __version__,
        "overview": _overview(network, stats, partners),
        "documents": _document_summaries(graph, network, stats),
        "coverage": {kind: _coverage_table(network, cov) for kind, cov in coverages.items()},
        "figures": figures,
        "similarity": {
            "municipalities": _similarity_table(by_municipality),
            "documents": _similarity_table(by_document),
        },
        "partners": {
            "shared": partners.shared_result().to_records(),
            "pairs": partners.pairs_result().to_records(),
            "centrality": partners.centrality_result().to_records(),
            "links": partners.links_result().to_records(),
        },
        "communities": _community_rows(network, found),
        "findings": _findings(validation, network),
    }
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("policygraph", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    html = environment.get_template("report.html.j2").render(**context)
    (build / "index.html").write_text(html, encoding="utf-8")


def _overview(
    network: Any, stats: dict[str, DocumentStats], partners: analysis.PartnerNetwork
) -> dict[str, int]:
    return {
        "documents": len(analysis.documents(network)),
        "municipalities": len(analysis.municipality_documents(network)),
        "initiatives": sum(s.initiatives for s in stats.values()),
        "explicit": sum(s.explicit_alignments for s in stats.values()),
        "curated": sum(s.curated_alignments for s in stats.values()),
        "partners": len(partners.partners),
    }


def _document_summaries(
    graph: PolicyGraph, network: Any, stats: dict[str, DocumentStats]
) -> list[dict[str, Any]]:
    dates = {str(r["doc"]): r for r in graph.run(_DATES_QUERY).to_records()}
    profiles = analysis.profiles(network, by="document")
    items = analysis.document_items(network)
    superseded_by = {
        o: s
        for s, o, r in network.edges(data="relation")
        if r == "revision_of" and network.nodes[s].get("type") == "document"
    }
    summaries = []
    for doc in analysis.documents(network):
        attrs = network.nodes[doc]
        row = dates.get(doc, {})
        profile = profiles.get(doc, Counter())

        def top(kind: str, profile: Any = profile) -> list[tuple[str, int, str]]:
            ranked = sorted(
                (
                    (concept, n)
                    for concept, n in profile.items()
                    if network.nodes[concept].get("type") in kind.split()
                ),
                key=lambda i: (-i[1], analysis.concept_sort_key(network, i[0])),
            )
            return [
                (_concept_name(network, c), n, analysis.label(network, c, "en")) for c, n in ranked
            ]

        focus_areas = [
            {
                "notation": str(network.nodes[fa].get("notation", "")),
                "da": str(network.nodes[fa].get("label_da", "")),
                "en": str(network.nodes[fa].get("label_en", "")),
            }
            for _, fa, rel in sorted(network.out_edges(doc, data="relation"))
            if rel == "has_focus_area"
        ]
        focus_areas.sort(key=lambda f: _natural(f["notation"]) if f["notation"] else ())
        named = {
            p
            for item in items[doc]
            for _, p, rel in network.out_edges(item, data="relation")
            if rel == "involves_partner"
        }
        revises = [
            o
            for _, o, r in network.out_edges(doc, data="relation")
            if r == "revision_of" and network.nodes[o].get("type") == "document"
        ]
        summaries.append(
            {
                "slug": analysis.short_label(network, doc),
                "iri": doc,
                "title_da": str(attrs.get("label_da", "")),
                "title_en": str(attrs.get("label_en", "")),
                "issuers": [
                    analysis.short_label(network, m) for m in analysis.issuers(network, doc)
                ],
                "status": str(attrs.get("status", "")),
                "period": _period(row.get("start"), row.get("end")),
                "issued": str(row.get("issued") or ""),
                "stats": stats.get(doc),
                "focus_areas": focus_areas,
                "principles": top("principle"),
                "chime": top("chime"),
                "themes": top("theme")[:5],
                "sdgs": top("sdg_goal sdg_target"),
                "partners": sorted(analysis.short_label(network, p) for p in named),
                "revises": [analysis.short_label(network, o) for o in revises],
                "superseded_by": analysis.short_label(network, superseded_by[doc])
                if doc in superseded_by
                else "",
            }
        )
    return summaries


def _period(start: Any, end: Any) -> str:
    if isinstance(start, dt.date) and isinstance(end, dt.date):
        return f"{start.isoformat()} – {end.isoformat()}"
    return ""


def _natural(notation: str) -> tuple[Any, ...]:
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in notation.split("."))


def _concept_name(network: Any, concept: str) -> str:
    """Short English name of a concept for running text: ``"P5"``, ``"SDG 3.4"``, theme."""
    attrs = network.nodes[concept]
    kind = attrs.get("type")
    if kind == "principle":
        return f"P{attrs.get('notation', '')}"
    if kind in ("sdg_goal", "sdg_target"):
        return f"SDG {attrs.get('notation', '')}"
    return analysis.label(network, concept, "en")


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


def _coverage_table(network: Any, cov: analysis.Coverage) -> dict[str, Any]:
    rows = []
    for concept, explicit, curated in zip(cov.rows, cov.explicit, cov.curated, strict=True):
        rows.append(
            {
                "da": str(network.nodes[concept].get("label_da", "")),
                "en": str(network.nodes[concept].get("label_en", "")),
                "name": _concept_name(network, concept),
                "cells": [
                    {"explicit": e, "curated": c} for e, c in zip(explicit, curated, strict=True)
                ],
                "gaps": sum(1 for e, c in zip(explicit, curated, strict=True) if e + c == 0),
            }
        )
    return {"columns": list(cov.column_labels), "rows": rows}


def _similarity_table(sim: analysis.Similarity) -> dict[str, Any]:
    return {
        "labels": list(sim.labels),
        "jaccard": [[f"{v:.2f}" for v in row] for row in sim.jaccard],
        "cosine": [[f"{v:.2f}" for v in row] for row in sim.cosine],
        "pairs": sim.pairs_result().to_records(),
    }


def _community_rows(network: Any, found: Sequence[analysis.Community]) -> list[dict[str, Any]]:
    rows = []
    for community in found:
        examples = [
            {
                "slug": analysis.short_label(network, str(network.nodes[m].get("document", ""))),
                "notation": str(network.nodes[m].get("notation", "")),
                "en": str(network.nodes[m].get("label_en", "")),
            }
            for m in community.typical[:3]
        ]
        rows.append(
            {
                "index": community.index,
                "size": len(community.members),
                "themes": [(lab, n) for _, lab, n in community.dominant.get("theme", ())[:3]],
                "principles": [
                    (lab, n) for _, lab, n in community.dominant.get("principle", ())[:3]
                ],
                "documents": [
                    (analysis.short_label(network, d), n) for d, n in community.documents
                ],
                "examples": examples,
            }
        )
    return rows


def _findings(validation: ValidationReport, network: Any) -> dict[str, Any]:
    docs = set(analysis.documents(network))
    rows = []
    for result in sorted(
        validation.results,
        key=lambda r: (
            _SEVERITY_ORDER.get(r.severity, 9),
            r.file or "",
            r.focus_node,
            r.path or "",
        ),
    ):
        focus = str(result.focus_node)
        document = str(network.nodes[focus].get("document", "")) if focus in network else ""
        if focus in docs:
            document = focus
        rows.append(
            {
                "severity": result.severity,
                "message": result.message,
                "focus": _compact(focus),
                "path": _compact(str(result.path)) if result.path else "",
                "file": Path(result.file).name if result.file else "",
                "document": analysis.short_label(network, document) if document else "",
            }
        )
    counts = {s: sum(1 for r in rows if r["severity"] == s) for s in _SEVERITY_ORDER}
    groups: dict[tuple[str, str], list[str]] = {}
    for row in rows:
        groups.setdefault((row["severity"], row["message"]), []).append(row["document"])
    summary = [
        {
            "severity": severity,
            "message": message,
            "count": len(documents),
            "documents": [(d, documents.count(d)) for d in sorted(set(documents)) if d],
        }
        for (severity, message), documents in groups.items()
    ]
    return {"rows": rows, "counts": counts, "summary": summary, "files": len(validation.files)}


def _compact(iri: str) -> str:
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda i: -len(i[1])):
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    doc_base = "https://w3id.org/policygraph/id/doc/"
    return iri[len(doc_base) :] if iri.startswith(doc_base) else iri


# -- figures ---------------------------------------------------------------------------

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
    # gamma < 1 lifts small counts off white, so a single link shows next to thirty.
    norm = PowerNorm(gamma, vmin=0, vmax=vmax or 1)
    image = ax.imshow(values, cmap=cmap, norm=norm, aspect="auto")
    for i, row in enumerate(values):
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


def _coverage_figure(network: Any, cov: analysis.Coverage, path: Path) -> ReportFigure:
    title = _COVERAGE_TITLES[cov.kind]
    row_labels = [_row_label(network, r) for r in cov.rows]

    def build() -> Figure:
        height = max(2.6, 0.42 * len(cov.rows) + 1.6)
        fig = Figure(figsize=(11, height), layout="constrained")
        axes = fig.subplots(1, 2, sharey=True)
        vmax = max([v for row in cov.total for v in row] + [1])
        for ax, basis, cmap in ((axes[0], "explicit", _EXPLICIT), (axes[1], "curated", _CURATED)):
            counts = cov.counts(basis)
            _annotated_heatmap(ax, counts, cmap, vmax, lambda v: str(int(v)), gamma=0.5)
            ax.set_title(f"{basis.capitalize()} links", loc="left")
            ax.set_xticklabels(cov.column_labels, rotation=30, ha="right")
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


def _similarity_figure(sim: analysis.Similarity, path: Path, what: str) -> ReportFigure:
    longest = max((len(label) for label in sim.labels), default=0)

    def build() -> Figure:
        # Room for the cells plus the row and column labels (about 0.075 in per character).
        size = max(3.0, 0.55 * len(sim.keys) + 1.0 + 0.075 * longest)
        fig = Figure(figsize=(2 * size + 1.2, size), layout="constrained")
        axes = fig.subplots(1, 2)
        for ax, metric in zip(axes, analysis.METRICS, strict=True):
            image = _annotated_heatmap(ax, sim.matrix(metric), _SIMILAR, 1.0, lambda v: f"{v:.2f}")
            ax.set_title(f"{metric.capitalize()}", loc="left")
            ax.set_xticklabels(sim.labels, rotation=35, ha="right")
            ax.set_yticklabels(sim.labels)
        fig.colorbar(image, ax=axes, shrink=0.8, label="similarity")
        return fig

    fig = _draw(build)
    alt = (
        f"Two heatmaps of pairwise similarity between {what}: Jaccard (shared concepts) "
        "and cosine (how often each concept is linked); 1 means identical profiles."
    )
    return _save(fig, path, f"Similarity of {what}", alt)


def _partner_figure(net: analysis.PartnerNetwork, path: Path) -> ReportFigure:
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
        ax.legend(
            title="Partner kind", loc="lower left", fontsize=8, title_fontsize=8.5, frameon=False
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
