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
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__, analysis, templating
from ..errors import ParameterError
from ..files import replace_directory
from ..namespaces import DOC, SPARQL_PREFIXES, shorten
from ..text import natural_key
from .figures import coverage_figure, partner_figure, similarity_figure

if TYPE_CHECKING:
    from ..graph import DocumentStats, PolicyGraph
    from ..validation import ValidationReport

#: A file in every report directory: only such a directory is ever replaced.
MARKER = ".policygraph-report"
#: Ranked pairs (similarity, shared partners) shown; a national dataset has thousands.
PAIRS_SHOWN = 50
#: Above this many municipalities or documents the similarity matrix is a figure only.
MATRIX_TABLE_MAX = 40

_SEVERITY_ORDER = {"violation": 0, "warning": 1, "info": 2}
_DATES_QUERY = (
    SPARQL_PREFIXES
    + """
SELECT ?doc ?start ?end ?issued WHERE {
  ?doc a pg:PolicyDocument .
  OPTIONAL { ?doc dcterms:temporal ?period . ?period dcat:startDate ?start ; dcat:endDate ?end }
  OPTIONAL { ?doc dcterms:issued ?issued }
}"""
)


def write_report(
    out_dir: str | Path,
    data: Sequence[str | Path] | None = None,
    *,
    graph: PolicyGraph | None = None,
    validation: ValidationReport | None = None,
    cache_dir: str | Path | None = None,
    jobs: int = 1,
) -> Path:
    """Write the HTML report on ``data`` (default: the shipped data) to ``out_dir``.

    ``graph`` and ``validation`` may be given when already at hand; otherwise the data
    is validated (with ``cache_dir`` as :func:`~policygraph.validate` takes it; with
    ``jobs`` > 1 in a second process while this one loads the data) and loaded.
    ``out_dir`` must be new, empty, or an earlier report (it is replaced as a whole).
    Returns the path of ``index.html``.

    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "report"
    >>> write_report(out).name
    'index.html'
    """
    out = Path(out_dir)
    _check_target(out)
    from ..graph import load
    from ..validation import validate

    if validation is None and graph is None and jobs > 1:
        # Validation in a second process while this one loads: neither holds the other's
        # memory, and the two take the time of the longer one.
        from ..validation.workers import beside

        validation, graph = beside(lambda: validate(data, cache_dir=cache_dir), lambda: load(data))
    if validation is None:
        validation = validate(data, cache_dir=cache_dir, jobs=jobs)
    if graph is None:
        graph = load(data)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        build = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.tmp-"))
    except OSError as exc:
        raise ParameterError(f"cannot create {out}: {exc.strerror}; choose another -o.") from None
    try:
        os.chmod(build, 0o755)
        _render(build, graph, validation)
        (build / MARKER).write_text("policygraph report\n", encoding="utf-8")
        replace_directory(build, out)
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
        f"coverage-{kind}": coverage_figure(network, cov, figures_dir / f"coverage-{kind}.svg")
        for kind, cov in coverages.items()
    }
    figures["similarity-municipalities"] = similarity_figure(
        by_municipality, figures_dir / "similarity-municipalities.svg", "municipalities"
    )
    figures["similarity-documents"] = similarity_figure(
        by_document, figures_dir / "similarity-documents.svg", "documents"
    )
    figures["partners"] = partner_figure(partners, figures_dir / "partners.svg")
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
            "pairs": partners.pairs_result().to_records()[:PAIRS_SHOWN],
            "pair_count": _pair_count(len(partners.municipalities)),
            "centrality": partners.centrality_result().to_records(),
            "links": partners.links_result().to_records(),
        },
        "communities": _community_rows(network, found),
        "findings": _findings(validation, network),
    }
    environment = templating.environment("policygraph.report", keep_trailing_newline=True)
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
                (
                    analysis.concept_label(network, c, short=True),
                    n,
                    analysis.label(network, c, "en"),
                )
                for c, n in ranked
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
        focus_areas.sort(key=lambda f: natural_key(f["notation"]) if f["notation"] else ())
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


def _coverage_table(network: Any, cov: analysis.Coverage) -> dict[str, Any]:
    rows = []
    for concept, explicit, curated in zip(cov.rows, cov.explicit, cov.curated, strict=True):
        rows.append(
            {
                "da": str(network.nodes[concept].get("label_da", "")),
                "en": str(network.nodes[concept].get("label_en", "")),
                "name": analysis.concept_label(network, concept, short=True),
                "cells": [
                    {"explicit": e, "curated": c} for e, c in zip(explicit, curated, strict=True)
                ],
                "gaps": sum(1 for e, c in zip(explicit, curated, strict=True) if e + c == 0),
            }
        )
    return {"columns": list(cov.column_labels), "rows": rows}


def _pair_count(count: int) -> int:
    return count * (count - 1) // 2


def _similarity_table(sim: analysis.Similarity) -> dict[str, Any]:
    """The most similar pairs, and the matrix as a table while it is small enough to read."""
    table = len(sim.keys) <= MATRIX_TABLE_MAX
    return {
        "labels": list(sim.labels),
        "jaccard": [[f"{v:.2f}" for v in row] for row in sim.jaccard] if table else [],
        "pairs": sim.pairs_result(top=PAIRS_SHOWN).to_records(),
        "pair_count": _pair_count(len(sim.keys)),
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
    """A document or its item by its path under ``doc/``; anything else prefixed."""
    return iri[len(DOC) :] if iri.startswith(DOC) else shorten(iri)


# -- figures ---------------------------------------------------------------------------
