"""HTML pages: home, saved-query forms and results, and one page per resource.

Project IRIs (``https://w3id.org/policygraph/id/...`` and ``/def#...``) are
served under the application's own base with content negotiation: HTML for a
browser, Turtle, JSON-LD or N-Triples for a client (or ``?format=ttl`` etc.).
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from ..namespaces import BASE, DOC, PREFIXES, shorten
from ..terms import XSD, Term
from ..text import natural_key
from . import formats
from .api import chosen_format
from .formats import GRAPH_TYPES, HTML, serialise_graph
from .http import handles_problems, query_lists
from .service import Description, GraphResult, RequestProblem, Service, TermResult

ID = BASE + "id/"
DEF = BASE + "def"
SDG = PREFIXES["sdg"]
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SKOS = PREFIXES["skos"]
PG = PREFIXES["pg"]


def short(iri: str) -> str:
    """``pg:Initiative`` for a known namespace; an item of a document as its path under
    the documents (``helsingoer-psykiatripolitik/initiative-1.2.4``); else the IRI."""
    shortened = shorten(iri)
    if shortened == iri and iri.startswith(DOC) and len(iri) > len(DOC):
        return iri[len(DOC) :]
    return shortened


_SDG_CODE = re.compile(r"[0-9]{1,2}(\.[0-9a-z]{1,2})?")


def local_path(iri: str) -> str | None:
    """Where the application serves an IRI, or None when it describes nothing of it."""
    if iri.startswith(ID) and len(iri) > len(ID):
        return "/id/" + urllib.parse.quote(iri[len(ID) :], safe="/:@!$&'()*+,;=-._~")
    if iri == DEF or iri.startswith(DEF + "#"):
        return "/def" + iri[len(DEF) :]
    if iri.startswith(SDG) and _SDG_CODE.fullmatch(iri[len(SDG) :]):
        return "/sdg/" + iri[len(SDG) :]
    return None


@dataclass(frozen=True)
class Cell:
    """One value as a page shows it."""

    text: str
    href: str | None = None
    iri: str | None = None
    lang: str | None = None
    datatype: str | None = None


def cell(service: Service, term: Term | None, lang: str = "en") -> Cell:
    if term is None:
        return Cell("")
    if isinstance(term, ox.NamedNode):
        label = service.label(term.value, lang)
        href = local_path(term.value)
        return Cell(label or short(term.value), href=href, iri=short(term.value))
    if isinstance(term, ox.BlankNode):
        return Cell("_:" + term.value)
    datatype = term.datatype.value
    shown = None if datatype in (XSD + "string", XSD + "langString") or term.language else datatype
    return Cell(term.value, lang=term.language, datatype=short(shown) if shown else None)


def view_result(service: Service, result: TermResult | GraphResult) -> dict[str, Any]:
    """A result as the template's table: columns and rows of :class:`Cell`."""
    if isinstance(result, GraphResult):
        columns = ["subject", "predicate", "object"]
        rows = [
            [cell(service, t.subject), cell(service, t.predicate), cell(service, t.object)]  # type: ignore[arg-type]
            for t in result.triples
        ]
        return {"columns": columns, "rows": rows, "truncated": result.truncated}
    if result.boolean is not None:
        return {"columns": ["answer"], "rows": [[Cell(str(result.boolean).lower())]]}
    return {
        "columns": list(result.columns),
        "rows": [[cell(service, term) for term in row] for row in result.rows],
        "truncated": result.truncated,
    }


# -- home and saved queries --------------------------------------------------------------


@handles_problems
async def home(request: Request) -> Response:
    service: Service = request.app.state.service
    stats, municipalities = await request.app.state.gate.run(lambda: _home_data(service))
    page = request.app.state.render(
        "home.html",
        request,
        title="policygraph",
        stats=stats,
        municipalities=municipalities,
        queries=list(service.queries.values()),
        totals={key: sum(getattr(s, key) for s in stats) for key in _TOTALS},
    )
    return Response(page, media_type=HTML)


_TOTALS = ("focus_areas", "objectives", "initiatives", "explicit_alignments", "curated_alignments")


_TOTALS = ("focus_areas", "objectives", "initiatives", "explicit_alignments", "curated_alignments")


def _home_data(service: Service) -> tuple[list[Any], list[dict[str, Any]]]:
    stats = service.graph.stats()
    issued = service.select(
        "SELECT ?m ?doc WHERE { ?m a pg:Municipality . OPTIONAL { ?doc pg:issuedBy ?m } }"
    )
    by_municipality: dict[str, list[str]] = {}
    for municipality, document in issued.rows:
        assert isinstance(municipality, ox.NamedNode)
        documents = by_municipality.setdefault(municipality.value, [])
        if isinstance(document, ox.NamedNode):
            documents.append(document.value)
    municipalities = [
        {
            "cell": cell(service, ox.NamedNode(iri), "da"),
            "documents": [cell(service, ox.NamedNode(d)) for d in sorted(docs)],
        }
        for iri, docs in sorted(
            by_municipality.items(), key=lambda kv: service.label(kv[0], "da") or kv[0]
        )
    ]
    return stats, municipalities


@handles_problems
async def queries_page(request: Request) -> Response:
    service: Service = request.app.state.service
    page = request.app.state.render(
        "queries.html", request, title="Saved queries", queries=list(service.queries.values())
    )
    return Response(page, media_type=HTML)


@handles_problems
async def query_page(request: Request) -> Response:
    """The form of one saved query; with parameters in the URL, its results too."""
    service: Service = request.app.state.service
    query = service.saved(request.path_params["name"])
    given = query_lists(request)
    submitted = bool(given) or request.query_params.get("run") is not None
    given.pop("run", None)
    fields = []
    for spec in query.params:
        value = (given.get(spec.name) or [""])[0]
        if not submitted and spec.default is not None:
            value = str(spec.default).lower() if spec.type == "boolean" else str(spec.default)
        fields.append(
            {
                "spec": spec,
                "value": value,
                "choices": service.choices(spec),
                "required": spec.required and spec.default is None,
                "input": _input_type(spec.type),
            }
        )
    error: RequestProblem | None = None
    result = None
    status = 200
    if submitted:
        try:
            text, values = service.bind(query, given)
            answer = await request.app.state.gate.run(lambda: service.run_saved(text))
            result = view_result(service, answer)
            pairs = [(k, v) for k, v in values.items()]
            result["count"] = len(answer.rows) if answer.boolean is None else 1
            result["share"] = f"/queries/{query.name}?" + urllib.parse.urlencode(
                [*pairs, ("run", "")]
            )
            api = f"/api/queries/{query.name}?" + urllib.parse.urlencode(pairs)
            sep = "&" if pairs else ""
            result["downloads"] = [
                (name, f"{api}{sep}_format={name}")
                for name in ("csv", "tsv", "json", "sparql-json")
            ]
        except RequestProblem as problem:
            if problem.status != 400:
                raise
            error, status = problem, 400
    page = request.app.state.render(
        "query.html",
        request,
        title=query.name,
        query=query,
        fields=fields,
        result=result,
        error=error,
    )
    return Response(page, status, media_type=HTML)


def _input_type(kind: str) -> str:
    return {"integer": "number", "decimal": "number", "date": "date"}.get(kind, "text")


# -- resources ------------------------------------------------------------------------


@handles_problems
async def project_resource(request: Request) -> Response:
    path = request.path_params["path"]
    return await _resource(request, ID + path)


@handles_problems
async def sdg_resource(request: Request) -> Response:
    return await _resource(request, SDG + request.path_params["code"])


@handles_problems
async def any_resource(request: Request) -> Response:
    iri = request.query_params.get("iri", "")
    if not iri:
        raise RequestProblem(400, "Invalid parameter", "give ?iri=...", parameter="iri")
    target = local_path(iri)
    if target:
        return RedirectResponse(target, 303)
    return await _resource(request, iri)


async def _resource(request: Request, iri: str) -> Response:
    service: Service = request.app.state.service
    media = _resource_format(request)
    description: Description = await request.app.state.gate.run(lambda: service.describe(iri))
    if not description.exists:
        raise RequestProblem(404, "Not found", f"the graph says nothing about <{iri}>.")
    headers = {"Vary": "Accept", "Link": f'<{iri}>; rel="canonical"'}
    if media != HTML:
        body = serialise_graph(description.triples(), media)
        return Response(body, headers=headers, media_type=media)
    context = await request.app.state.gate.run(lambda: _resource_context(service, description))
    page = request.app.state.render("resource.html", request, **context)
    return Response(page, headers=headers, media_type=HTML)


def _resource_format(request: Request) -> str:
    offered = (HTML, *GRAPH_TYPES)
    named = request.query_params.get("format")
    if named is not None:
        media = formats.FORMAT_NAMES.get(named)
        if media not in offered:
            raise RequestProblem(
                400,
                "Invalid parameter",
                "format must be one of html, ttl, nt, jsonld, rdf.",
                parameter="format",
            )
        return media
    return (
        chosen_format(request, offered)
        if "_format" in request.query_params
        else (formats.negotiate(request.headers.get("accept"), offered) or _not_acceptable(offered))
    )


def _not_acceptable(offered: tuple[str, ...]) -> str:
    raise RequestProblem(
        406, "Not acceptable", f"this resource is offered as {', '.join(offered)}."
    )


def _resource_context(service: Service, description: Description) -> dict[str, Any]:
    iri = description.iri
    types = [t.value for t in description.values(RDF_TYPE) if isinstance(t, ox.NamedNode)]
    title = service.label(iri) or short(iri)
    danish = service.labels().get(iri, {}).get("da")
    outgoing: dict[str, list[Cell]] = {}
    for predicate, value in description.outgoing:
        outgoing.setdefault(predicate.value, []).append(cell(service, value))
    incoming: dict[str, list[Cell]] = {}
    for subject, predicate in description.incoming:
        incoming.setdefault(predicate.value, []).append(cell(service, subject))
    for values in incoming.values():
        values.sort(key=lambda c: natural_key(c.iri or c.text))
    context: dict[str, Any] = {
        "title": title,
        "danish": danish if danish != title else None,
        "iri": iri,
        "iri_short": short(iri),
        "types": [cell(service, ox.NamedNode(t)) for t in types],
        "outgoing": [(cell(service, ox.NamedNode(p)), v) for p, v in sorted(outgoing.items())],
        "incoming": [(cell(service, ox.NamedNode(p)), v) for p, v in sorted(incoming.items())],
        "document": None,
        "queries": _related_queries(service, iri, types),
        "formats": [("Turtle", "ttl"), ("JSON-LD", "jsonld"), ("N-Triples", "nt")],
        "resource_path": local_path(iri) or "/resource?iri=" + urllib.parse.quote(iri, safe=""),
    }
    context["linked"] = _linked_items(service, iri)
    if context["linked"]:
        # The alignment nodes are shown as their items, grouped by document, above.
        context["incoming"] = [(p, v) for p, v in context["incoming"] if p.iri != "pg:alignedTo"]
    if PG + "PolicyDocument" in types:
        context["document"] = _document_outline(service, iri)
    if iri == DEF:
        context["ontology"] = _ontology_terms(service)
    return context


def _related_queries(service: Service, iri: str, types: list[str]) -> list[tuple[str, str]]:
    """Links to the saved queries that take this resource as a parameter."""
    kinds = {
        PG + "NationalRecoveryPrinciple": "principle",
        PG + "Municipality": "municipality",
        PG + "Theme": "theme",
        PG + "ChimeProcess": "chime",
        PG + "PolicyDocument": "document",
        PREFIXES["sdgo"] + "Goal": "sdg",
        PREFIXES["sdgo"] + "Target": "sdg",
    }
    wanted = {kinds[t] for t in types if t in kinds}
    links = []
    for query in service.queries.values():
        for spec in query.params:
            if spec.type in wanted:
                value = next((v for v, _ in service.choices(spec) if iri.endswith("/" + v)), None)
                if value is None:
                    continue
                link = f"/queries/{query.name}?" + urllib.parse.urlencode({spec.name: value})
                if all(not (p.required and p.default is None) or p is spec for p in query.params):
                    links.append((query.summary, link))
                break
    return links


_LINKED = """
SELECT DISTINCT ?item ?type ?doc ?basis ?en WHERE {
  { ?item pg:alignment ?alignment . ?alignment pg:alignedTo $c ; pg:basis ?basis }
  UNION { ?item pg:hasTheme $c }
  UNION { ?item pg:involvesPartner $c }
  ?item pg:inDocument? ?doc .
  ?doc a pg:PolicyDocument .
  ?item a ?type .
  FILTER(STRSTARTS(STR(?type), "https://w3id.org/policygraph/def#"))
  OPTIONAL { ?item skos:prefLabel ?en FILTER(LANG(?en) = "en") }
}"""


def _kind(iri: str) -> str:
    """``Focus area`` for pg:FocusArea."""
    name = iri.rsplit("#", 1)[-1]
    return name[:1] + re.sub(r"([A-Z])", lambda m: " " + m.group(1).lower(), name[1:])


def _linked_items(service: Service, iri: str) -> list[dict[str, Any]]:
    """The items that link to a concept or partner, grouped by document, in order."""
    try:
        concept = ox.NamedNode(iri)
    except ValueError:
        return []
    by_document: dict[str, dict[str, dict[str, Any]]] = {}
    for item, kind, doc, basis, en in service.select(_LINKED, c=concept).rows:
        assert isinstance(item, ox.NamedNode) and isinstance(doc, ox.NamedNode)
        assert isinstance(kind, ox.NamedNode)
        entry = by_document.setdefault(doc.value, {}).setdefault(
            item.value,
            {
                "href": local_path(item.value),
                "name": _kind(kind.value) + " " + item.value.rsplit("/", 1)[-1].split("-")[-1]
                if item.value != doc.value
                else "the document itself",
                "en": en.value if en else None,
                "bases": set(),
                "key": natural_key(item.value.rsplit("/", 1)[-1]),
            },
        )
        if isinstance(basis, ox.NamedNode):
            entry["bases"].add(basis.value[len(PG) :].lower())
    return [
        {
            "document": cell(service, ox.NamedNode(doc)),
            "items": sorted(items.values(), key=lambda e: e["key"]),
        }
        for doc, items in sorted(by_document.items())
    ]


_OUTLINE = """
SELECT ?item ?type ?notation ?da ?en ?parent WHERE {
  ?item pg:inDocument $doc ; a ?type .
  FILTER(?type IN (pg:Vision, pg:Purpose, pg:Value, pg:TargetGroup, pg:DocumentPrinciple,
                   pg:FocusArea, pg:Objective, pg:Initiative))
  OPTIONAL { ?item skos:notation ?notation }
  OPTIONAL { ?item pg:sourceText ?da FILTER(LANG(?da) = "da") }
  OPTIONAL { ?item skos:prefLabel ?en FILTER(LANG(?en) = "en") }
  OPTIONAL { ?parent pg:hasObjective|pg:hasInitiative ?item }
}"""
_ALIGNMENTS = """
SELECT ?item ?alignment ?target ?basis ?evidence ?rationale WHERE {
  ?item pg:inDocument? $doc ; pg:alignment ?alignment .
  ?alignment pg:alignedTo ?target ; pg:basis ?basis .
  OPTIONAL { ?alignment pg:evidence ?evidence }
  OPTIONAL { ?alignment pg:rationale ?rationale }
}"""
_PARTNERS = """
SELECT DISTINCT ?partner ?item WHERE {
  ?item pg:inDocument? $doc ; pg:involvesPartner ?partner .
}"""
_REVISIONS = """
SELECT ?older ?newer WHERE {
  { $doc prov:wasRevisionOf ?older } UNION { ?newer prov:wasRevisionOf $doc }
}"""
_SECTIONS = (
    ("Vision", "Visions"),
    ("Purpose", "Purposes"),
    ("Value", "Values"),
    ("TargetGroup", "Target groups"),
    ("DocumentPrinciple", "Principles of the document"),
)


def _document_outline(service: Service, document: str) -> dict[str, Any]:
    """A document's items in order: focus areas, their objectives and initiatives."""
    doc = ox.NamedNode(document)
    items: dict[str, dict[str, Any]] = {}
    for item, kind, notation, da, en, parent in service.select(_OUTLINE, doc=doc).rows:
        assert isinstance(item, ox.NamedNode) and isinstance(kind, ox.NamedNode)
        entry = items.setdefault(
            item.value,
            {
                "iri": item.value,
                "href": local_path(item.value),
                "type": kind.value[len(PG) :],
                "kind": _kind(kind.value),
                "notation": notation.value if notation else None,
                "da": da.value if da else None,
                "en": en.value if en else None,
                "parents": set(),
                "children": [],
                "alignments": [],
                "partners": [],
            },
        )
        if isinstance(parent, ox.NamedNode):
            entry["parents"].add(parent.value)
    document_alignments = []
    for item, _alignment, target, basis, evidence, rationale in service.select(
        _ALIGNMENTS, doc=doc
    ).rows:
        assert isinstance(item, ox.NamedNode) and isinstance(basis, ox.NamedNode)
        alignment = {
            "target": cell(service, target),
            "basis": basis.value[len(PG) :].lower(),
            "evidence": evidence.value if evidence else None,
            "rationale": rationale.value if rationale else None,
        }
        if item.value in items:
            items[item.value]["alignments"].append(alignment)
        elif item.value == document:
            document_alignments.append(alignment)
    partners: dict[str, Cell] = {}
    for partner, item in service.select(_PARTNERS, doc=doc).rows:
        assert isinstance(partner, ox.NamedNode) and isinstance(item, ox.NamedNode)
        partner_cell = cell(service, partner, "da")
        partners[partner.value] = partner_cell
        if item.value in items:
            items[item.value]["partners"].append(partner_cell)

    def key(entry: dict[str, Any]) -> tuple[tuple[int, int | str], ...]:
        return natural_key(entry["notation"] or entry["iri"].rsplit("/", 1)[-1])

    for entry in items.values():
        entry["alignments"].sort(key=lambda a: (a["basis"], natural_key(a["target"].iri or "")))
        entry["partners"].sort(key=lambda c: c.text)
        for parent in entry["parents"]:
            if parent in items:
                items[parent]["children"].append(entry)
    for entry in items.values():
        entry["children"].sort(key=key)
    focus_areas = sorted((e for e in items.values() if e["type"] == "FocusArea"), key=key)
    sections = [
        (heading, sorted((e for e in items.values() if e["type"] == kind), key=key))
        for kind, heading in _SECTIONS
    ]
    revisions = service.select(_REVISIONS, doc=doc).rows
    return {
        "focus_areas": focus_areas,
        "sections": [(h, entries) for h, entries in sections if entries],
        "alignments": document_alignments,
        "partners": sorted(partners.values(), key=lambda c: c.text),
        "older": [cell(service, old) for old, _ in revisions if old is not None],
        "newer": [cell(service, new) for _, new in revisions if new is not None],
    }


_ONTOLOGY = """
SELECT ?term ?type ?comment ?domain ?range WHERE {
  ?term a ?type .
  FILTER(STRSTARTS(STR(?term), "https://w3id.org/policygraph/def#"))
  FILTER(?type IN (owl:Class, owl:ObjectProperty, owl:DatatypeProperty, owl:NamedIndividual,
                   rdf:Property))
  OPTIONAL { ?term rdfs:comment ?comment FILTER(LANG(?comment) = "en" || LANG(?comment) = "") }
  OPTIONAL { ?term rdfs:domain ?domain }
  OPTIONAL { ?term rdfs:range ?range }
}"""


def _ontology_terms(service: Service) -> list[tuple[str, list[dict[str, Any]]]]:
    """The ontology's classes, properties and individuals with their comments."""
    groups: dict[str, dict[str, dict[str, Any]]] = {}
    heading = {
        "Class": "Classes",
        "ObjectProperty": "Object properties",
        "DatatypeProperty": "Datatype properties",
        "NamedIndividual": "Individuals",
        "Property": "Properties",
    }
    for term, kind, comment, domain, range_ in service.select(_ONTOLOGY).rows:
        assert isinstance(term, ox.NamedNode) and isinstance(kind, ox.NamedNode)
        name = term.value.split("#", 1)[1]
        group = heading[kind.value.rsplit("#", 1)[-1]]
        entry = groups.setdefault(group, {}).setdefault(
            name,
            {
                "name": name,
                "label": service.label(term.value),
                "comment": comment.value if comment else None,
                "domain": set(),
                "range": set(),
            },
        )
        if isinstance(domain, ox.NamedNode):
            entry["domain"].add(short(domain.value))
        if isinstance(range_, ox.NamedNode):
            entry["range"].add(short(range_.value))
    order = list(heading.values())
    return [
        (group, sorted(entries.values(), key=lambda e: e["name"].lower()))
        for group, entries in sorted(groups.items(), key=lambda kv: order.index(kv[0]))
    ]


@handles_problems
async def ontology(request: Request) -> Response:
    return await _resource(request, DEF)
