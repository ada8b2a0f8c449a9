"""Property tests: generated parameter values through the library on both engines.

For every parameter type, thousands of generated values (hostile text included:
quotes, backslashes, ``\\u0022``, braces, ``#``, control characters, non-UTF-8
surrogates, huge numbers) are bound into a one-pattern lookup. Each value must either
be refused with a :class:`ParameterError` or return exactly the rows a plain Python
lookup over the loaded triples returns: never a traceback, never a row that does not
hold the value.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import policygraph
from policygraph.errors import ParameterError
from policygraph.queries import SavedQuery, parse_saved_query

EXAMPLES = int(os.environ.get("POLICYGRAPH_PROPERTY_EXAMPLES", "5000"))
EX = "http://example.org/"
VALUES = [
    "plain",
    'with "quote"',
    "back\\slash",
    "\\u0022",
    "\\U00000022",
    "brace } { #",
    "ny\nlinje",
    "Værdighed og respekt",
    "\x1b[31m",
    "\x1f0000",  # a control character before hex digits: "\u001F0000" is not one escape
    "\x7fBEEF",
]
_XSD = "http://www.w3.org/2001/XMLSchema#"
_OBJECTS: list[ox.NamedNode | ox.Literal] = [
    *(ox.Literal(v) for v in VALUES),
    *(ox.Literal(v, language="da") for v in VALUES),
    *(ox.Literal(str(i), datatype=ox.NamedNode(_XSD + "integer")) for i in range(-3, 4)),
    *(ox.Literal(f"{i}.5", datatype=ox.NamedNode(_XSD + "decimal")) for i in range(3)),
    ox.Literal("2021-06-01", datatype=ox.NamedNode(_XSD + "date")),
    ox.Literal("true", datatype=ox.NamedNode(_XSD + "boolean")),
    ox.NamedNode(EX + "s1"),
]
DATA = ox.serialize(
    [
        ox.Triple(ox.NamedNode(f"{EX}s{i}"), ox.NamedNode(EX + "p"), o)
        for i, o in enumerate(_OBJECTS)
    ],
    format=ox.RdfFormat.TURTLE,
).decode("utf-8")


@pytest.fixture(scope="module", params=["oxigraph", "rdflib"])
def graph(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    path = tmp_path_factory.mktemp("properties") / "values.ttl"
    path.write_text(DATA, encoding="utf-8")
    return policygraph.load([path], engine=request.param)


def _lookup(graph: Any, term: ox.NamedNode | ox.Literal) -> set[str]:
    """The plain answer: subjects holding ``term`` as the object of ex:p."""
    predicate = ox.NamedNode(EX + "p")
    return {
        q.subject.value
        for f in graph.files
        for q in f.quads
        if q.predicate == predicate and q.object == term
    }


@functools.cache
def _saved(kind: str) -> SavedQuery:
    return parse_saved_query(
        f"#+ summary: s\n#+ params:\n#+   - name: x\n#+     type: {kind}\n"
        f"SELECT ?s WHERE {{ ?s <{EX}p> $x }}\n",
        name="property",
    )


def _check(graph: Any, kind: str, value: Any) -> None:
    saved = _saved(kind)
    try:
        term = saved.param("x").convert(value)
        result = graph.query(saved, x=value)
    except ParameterError:
        return
    assert term is not None
    found = {str(row[0]) for row in result.rows}
    assert found == _lookup(graph, term), (kind, value, found)


TEXT = st.one_of(
    st.sampled_from(VALUES),
    st.text(),
    st.text(alphabet=st.sampled_from("\\u0022\"{}#\n\r\t\x00\x1b\ud800aU0'>"), max_size=20),
    st.builds(lambda a, b: a + b, st.sampled_from(VALUES), st.text(max_size=5)),
)
STRATEGIES: dict[str, Callable[[], st.SearchStrategy[Any]]] = {
    "string": lambda: TEXT,
    "lang-string": lambda: st.one_of(
        st.builds(lambda t, lang: f"{t}@{lang}", TEXT, st.sampled_from(["da", "en", "DA", "x-a"])),
        st.builds(lambda t, lang: f"{t}@{lang}", TEXT, st.text(max_size=12)),
        TEXT,
    ),
    "integer": lambda: st.one_of(
        st.integers(),
        st.integers(-5, 5).map(str),
        st.text(max_size=30),
        st.integers(-(10**300), 10**300),
        st.booleans(),
    ),
    "decimal": lambda: st.one_of(
        st.decimals(allow_nan=True, allow_infinity=True).map(str),
        st.floats(allow_nan=False, allow_infinity=False),
        st.sampled_from(["1e999999999", "-1e-999999999", "0.5", "1.5", " 2.5 ", "1_000"]),
        st.text(max_size=30),
        st.decimals(min_value=Decimal(-5), max_value=Decimal(5), places=1),
    ),
    "date": lambda: st.one_of(
        st.dates(), st.dates().map(str), st.text(max_size=20), st.just(dt.date(2021, 6, 1))
    ),
    "boolean": lambda: st.one_of(
        st.booleans(), st.sampled_from(["true", "no", "1", "maybe"]), st.text(max_size=8)
    ),
    "iri": lambda: st.one_of(
        st.sampled_from([f"{EX}s1", "urn:x", "http://a b", "<x>", "javascript:alert(1)"]),
        st.text(max_size=40),
        st.builds(lambda t: EX + t, st.text(max_size=10)),
    ),
}


@pytest.mark.parametrize("kind", sorted(STRATEGIES))
def test_generated_values(graph: Any, kind: str) -> None:
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(STRATEGIES[kind]())
    def run(value: Any) -> None:
        _check(graph, kind, value)

    run()


def test_unicode_escape_is_text_on_both_engines(tmp_path: Path) -> None:
    """The issue's case: ``\\u0022`` in a value finds exactly the subject holding it."""
    path = tmp_path / "values.ttl"
    path.write_text(DATA, encoding="utf-8")
    for engine in ("oxigraph", "rdflib"):
        graph = policygraph.load([path], engine=engine)
        saved = parse_saved_query(
            "#+ summary: s\n#+ params:\n#+   - name: x\n#+     type: string\n"
            f"SELECT ?s WHERE {{ ?s <{EX}p> $x }}\n",
            name="property",
        )
        rows = graph.query(saved, x="\\u0022").rows
        assert [str(r[0]) for r in rows] == [f"{EX}s3"], engine
