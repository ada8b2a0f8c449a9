"""Validation at scale: per-document SHACL runs, the SPARQL shapes on pyoxigraph, a cache.

:func:`shape_findings` returns what one pySHACL run over the union of the files would
return, computed unit by unit (:mod:`.units`): each file (and the model) with its
neighbourhood, in batches, optionally in parallel processes, each unit's results
taken from the cache when nothing they depend on changed. :func:`file_rules` does the
same for the repository rules that read one file and the model only.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import asdict
from functools import cache
from pathlib import Path

import pyoxigraph as ox
import rdflib

from .. import resources
from ..loading import LoadedFile
from . import core, footprints
from .core import CoreShapes, compile_shapes
from .model import ValidationResult
from .plan import Plan, SparqlShape, Unsupported, plan, predicates, sparql_results
from .rules import FileRules
from .syntax import SourceFile
from .units import (
    CACHE_FORMAT,
    Cache,
    Neighbourhoods,
    Unit,
    batches,
    digest,
    file_digest,
    names_blank_node,
    term_text,
)

__all__ = ["file_rules", "shape_findings", "shapes_plan"]

_PLANS: dict[int, tuple[rdflib.Graph, Plan]] = {}

#: pySHACL's graph per run stays about this small (its cost grows with it).
BATCH_TRIPLES = 20_000


def shapes_plan() -> Plan:
    """:func:`.plan.plan` of the shipped shapes (once per parsed shapes graph)."""
    from .shacl import shapes_graph

    shapes = shapes_graph()
    known = _PLANS.get(id(shapes))
    if known is None or known[0] is not shapes:
        _PLANS.clear()
        _PLANS[id(shapes)] = known = (shapes, plan(shapes))
    return known[1]


def stamp() -> str:
    """What every cached result depends on besides the data: shapes, code, versions."""
    shapes = hashlib.sha256(resources.shapes_file().read_bytes()).hexdigest()
    return f"{_code_stamp()}/{shapes}"


@cache
def _code_stamp() -> str:
    from importlib.metadata import version

    from .. import __version__
    from . import fidelity, rules, shacl, units
    from . import plan as plan_module

    hasher = hashlib.sha256()
    for module in (
        __file__,
        core.__file__,
        footprints.__file__,
        plan_module.__file__,
        units.__file__,
        rules.__file__,
        fidelity.__file__,
    ):
        hasher.update(Path(module).read_bytes())
    del shacl  # its results are what is cached; its version is pySHACL's
    return "/".join((CACHE_FORMAT, __version__, version("pyshacl"), hasher.hexdigest()))


def shape_findings(
    model: Sequence[LoadedFile],
    context: Sequence[SourceFile],
    targets: Sequence[SourceFile],
    cache: Cache,
    jobs: int,
) -> list[ValidationResult] | None:
    """The SHACL results, unlocated; None when the shapes need the single union run."""
    shapes = shapes_plan()
    if not shapes.supported:
        return None
    units = [Unit("model", tuple(model))]
    units += [Unit(s.name, (s.loaded,)) for s in [*context, *targets]]
    engine = core_shapes()
    if engine is not None:
        try:
            return _union_findings(units, shapes, engine, cache)
        except Unsupported:
            return None
    local = all(shape.local for shape in shapes.sparql)
    found: list[ValidationResult] = []
    if not local:  # the SPARQL shapes once over the union
        store = ox.Store()
        store.extend([q for unit in units for f in unit.files for q in f.statements])
        try:
            found = sparql_results(store, shapes.sparql)
        except Unsupported:
            return None
        del store
    index = Neighbourhoods(units, shapes.inverse_predicates)
    key_stamp = stamp()
    pending: list[Unit] = []
    per_unit: dict[int, list[ValidationResult]] = {}
    numbers = {id(unit): n for n, unit in enumerate(units)}
    for number, unit in enumerate(units):
        unit.triples = index.graph(unit)
        unit.key = index.key(unit, unit.triples, key_stamp)
        cached = cache.get("shacl", unit.key)
        thawed = [index.thaw(dict(r)) for r in cached] if isinstance(cached, list) else None
        if thawed is None or any(r is None for r in thawed):
            pending.append(unit)
        else:
            per_unit[number] = [r for r in thawed if r is not None]
    if pending:
        from .shacl import run_batches

        groups = batches(pending, _batch_count(pending, jobs))
        work = [(list(index.axioms.union(*(u.triples for u in g))), shapes.core) for g in groups]
        for group, results in zip(groups, run_batches(work, jobs), strict=True):
            for unit in group:
                mine = [r for r in results if r.focus_node in unit.subjects]
                if local and shapes.sparql:
                    try:
                        mine += _local_sparql(unit, index.axioms, shapes)
                    except Unsupported:
                        return None
                cache.put("shacl", unit.key, [index.freeze(r) for r in mine])
                per_unit[numbers[id(unit)]] = mine
    # A focus node that is a subject in two files is reported by the first one.
    owner: dict[str, int] = {}
    for number, unit in enumerate(units):
        for subject in unit.subjects:
            owner.setdefault(subject, number)
    for number in sorted(per_unit):
        found += [r for r in per_unit[number] if owner.get(r.focus_node) == number]
    return found


def core_shapes() -> CoreShapes | None:
    """The plan's core shapes compiled for :mod:`.core`; None if it cannot run them."""
    shapes = shapes_plan()
    known = _CORE.get(id(shapes))
    if known is None or known[0] is not shapes:
        _CORE.clear()
        try:
            compiled: CoreShapes | None = compile_shapes(shapes.core)
        except core.Unsupported:
            compiled = None
        _CORE[id(shapes)] = known = (shapes, compiled)
    return known[1]


_CORE: dict[int, tuple[Plan, CoreShapes | None]] = {}


def _union_findings(
    units: Sequence[Unit], shapes: Plan, engine: CoreShapes, cache: Cache
) -> list[ValidationResult]:
    """Every SHACL result over the union: the core shapes (each unit's results kept in
    ``cache`` while what they read is unchanged, :mod:`.footprints`), then the SPARQL
    shapes."""
    found = footprints.core_findings(units, engine, cache, stamp())
    if shapes.sparql:
        quads = [q for unit in units for f in unit.files for q in f.statements]
        found += _sparql_findings(quads, shapes.sparql)
    return found


def _sparql_findings(
    quads: Sequence[ox.Quad], shapes: Sequence[SparqlShape]
) -> list[ValidationResult]:
    """The SPARQL shapes over the union, on the part of it they can match.

    A store of every triple costs more memory than all the rest of validation. When
    each query is local (:func:`.plan.is_local`), the targets are found on the
    triples with the predicates they name; the constraints then run on what those
    focus nodes reach in one step, for those focus nodes only: the same results.
    """
    wanted = [predicates(t) for shape in shapes for t in shape.targets]
    if not all(shape.local for shape in shapes) or any(w is None for w in wanted):
        store = ox.Store()
        store.bulk_extend(quads)
        return sparql_results(store, shapes)
    names = {ox.NamedNode(p) for w in wanted for p in w or ()}
    store = ox.Store()
    store.bulk_extend(q for q in quads if q.predicate in names)
    focus = {
        row["this"]
        for shape in shapes
        for target in shape.targets
        for row in store.query(target, use_default_graph_as_union=True)  # type: ignore[union-attr]
        if row["this"] is not None
    }
    del store
    if not focus:
        return []
    near = focus | {q.object for q in quads if q.subject in focus}
    store = ox.Store()
    store.bulk_extend(q for q in quads if q.subject in near)
    return sparql_results(store, shapes, {term_text(f) for f in focus})


def _local_sparql(unit: Unit, axioms: set[ox.Triple], shapes: Plan) -> list[ValidationResult]:
    """The SPARQL shapes on the unit's neighbourhood, for the unit's own focus nodes."""
    store = ox.Store()
    store.extend([ox.Quad(t.subject, t.predicate, t.object) for t in unit.triples | axioms])
    return sparql_results(store, shapes.sparql, unit.subjects)


def _batch_count(pending: Sequence[Unit], jobs: int) -> int:
    """One batch per :data:`BATCH_TRIPLES`, at least one per job when there are several."""
    count = -(-sum(len(u.triples) for u in pending) // BATCH_TRIPLES)
    return max(count, jobs) if count > 1 else 1


def file_rules(cache: Cache, model: Sequence[LoadedFile]) -> FileRules:
    """The one-file repository rules, remembered by file, model and code digests.

    Results that name a blank node are not kept (its label changes on every parse).
    """
    model_digest = ",".join(file_digest(f) for f in model)
    key_stamp = stamp()

    def run(
        source: SourceFile, compute: Callable[[], list[ValidationResult]], extra: str = ""
    ) -> list[ValidationResult]:
        material = (
            key_stamp,
            "rules",
            model_digest,
            file_digest(source.loaded),
            source.name,
            extra,
        )
        key = digest(material)
        stored = cache.get("rules", key)
        if isinstance(stored, list):
            try:
                return [ValidationResult(**r) for r in stored]
            except TypeError:
                pass
        found = compute()
        if not names_blank_node(found):
            cache.put("rules", key, [asdict(r) for r in found])
        return found

    return run
