"""SPARQL text tools: a tokenizer that knows strings, IRIs and comments; query-form
detection; the scope checks saved queries must pass; and the binding of parameter values
as one ``VALUES`` row at the start of the top-level ``WHERE`` group."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

import pyoxigraph as ox
from pyparsing import ParseException
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Variable

from . import limits
from .errors import QueryError, SavedQueryError, SparqlSyntaxError

T = TypeVar("T")

# ---------------------------------------------------------------------------
# SPARQL text: tokens, checks, binding
# ---------------------------------------------------------------------------

_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
              |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00b7\u00c0-\ufffd]+)
  | (?P<word>[A-Za-z_][A-Za-z0-9_\-]*(?::[^\s{}();,]*)?)
  | (?P<brace>[{}])
  | (?P<other>\S)
    """,
    re.VERBOSE | re.DOTALL,
)


def _tokens(text: str) -> Iterable[re.Match[str]]:
    return _TOKEN.finditer(text)


def parameter_variables(text: str) -> set[str]:
    """Names of the ``$``-variables of a query (comments and strings skipped)."""
    return {
        m.group("var")[1:]
        for m in _tokens(text)
        if m.group(
            "var",
        )
        and m.group(0)[0] == "$"
    }


def strip_comments(text: str) -> str:
    """The query without ``#`` comments (strings and IRIs containing ``#`` are kept)."""
    parts, position = [], 0
    for match in _tokens(text):
        if match.group("comment"):
            parts.append(text[position : match.start()])
            position = match.end()
    parts.append(text[position:])
    return "".join(parts).strip()


def query_form(text: str) -> str:
    """``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``: the query's form keyword."""
    for match in _tokens(text):
        word = (match.group("word") or "").upper()
        if word in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            return word
    raise QueryError("the text is not a SPARQL query (no SELECT, ASK or CONSTRUCT)")


def _where_brace(text: str) -> int:
    """Offset of the ``{`` that opens the top-level WHERE group."""
    form = None
    for match in _tokens(text):
        word = (match.group("word") or "").upper()
        if form is None and word in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            form = word
            continue
        if form == "CONSTRUCT" and word == "WHERE":
            form = "CONSTRUCT-WHERE"
            continue
        if match.group("brace") == "{" and form in ("SELECT", "ASK", "CONSTRUCT-WHERE"):
            return match.start()
    raise QueryError("cannot find the WHERE clause of the query")


def term_text(term: ox.NamedNode | ox.Literal) -> str:
    r"""A term as SPARQL text that reads back as the same term on every engine.

    SPARQL lets a parser expand ``\uXXXX`` escapes in the whole query text before it
    tokenizes (rdflib does), so a value holding a backslash followed by ``u`` (the text
    ``\u0022``) would turn into a quote and change the query. The ``u`` after an
    escaped backslash is therefore written as the escape ``\U00000075`` (eight digits,
    so that no digit after it can join the escape), which reads back as ``u`` whether
    or not the engine pre-processes.

    >>> term_text(ox.Literal("a\\u0022b"))
    '"a\\\\\\U000000750022b"'
    """
    text = str(term)
    if "\\" not in text:
        return text
    out: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char != "\\":
            out.append(char)
            i += 1
            continue
        pair = text[i : i + 2]
        digits = text[i + 2 : i + 6]
        if pair == "\\u" and text[i + 6 : i + 7] in _HEX and all(d in _HEX for d in digits):
            # A \uXXXX escape before a hex digit: rdflib would read eight digits as one
            # escape ("\u001F0000" as U+1F0000), so the eight-digit form.
            out.append("\\U0000" + digits)
            i += 6
            continue
        out.append(pair)
        i += 2
        if pair == "\\\\" and i < len(text) and text[i] in "uU":
            out.append("\\U00000075" if text[i] == "u" else "\\U00000055")
            i += 1
    return "".join(out)


_HEX = frozenset("0123456789abcdefABCDEF")

_EXTERNAL = {
    "FROM": "FROM and FROM NAMED are not allowed (they make an engine fetch URLs or files)",
    "SERVICE": "SERVICE is not allowed (it sends the query to another server)",
    "LOAD": "LOAD is not allowed (it fetches a URL into the store)",
}


def refuse_external(text: str, *, where: str) -> None:
    """Refuse a query that names data outside the loaded graph, before any engine sees it."""
    for match in _tokens(text):
        word = (match.group("word") or "").upper()
        if word in _EXTERNAL and not text[: match.start()].endswith("@"):  # "x"@service
            raise QueryError(
                f"{where}: {_EXTERNAL[word]}; policygraph queries only the graph it has "
                "loaded (use GRAPH ?g { ... } for one document's graph)."
            )


#: How bound values enter a query: one VALUES row, or one BIND per parameter (each
#: backend says which it needs: ``Backend.binding``).
BindForm = Literal["values", "bind"]


def bind_terms(
    text: str, terms: Mapping[str, ox.NamedNode | ox.Literal], form: BindForm = "values"
) -> str:
    """Bind ``terms`` at the start of the WHERE group, as one VALUES row or one
    ``BIND(term AS ?name)`` each (the same one row either way)."""
    if not terms:
        return text
    brace = _where_brace(text)
    if form == "bind":
        binding = " ".join(f"BIND({term_text(t)} AS ?{name})" for name, t in terms.items())
    else:
        names = " ".join("?" + name for name in terms)
        values = " ".join(term_text(term) for term in terms.values())
        binding = f"VALUES ({names}) {{ ({values}) }}"
    return f"{text[: brace + 1]} {binding}{text[brace + 1 :]}"


def _walk(node: Any) -> Iterable[Any]:
    yield node
    if isinstance(node, CompValue):
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list | tuple | set):
        for value in node:
            yield from _walk(value)
    elif isinstance(node, dict):  # a VALUES row: variables are its keys
        for key, value in node.items():
            yield from _walk(key)
            yield from _walk(value)


def _variables(node: Any) -> set[str]:
    return {str(v) for v in _walk(node) if isinstance(v, Variable)}


def walk(node: Any) -> Iterable[Any]:
    """Every node of a parsed query or its algebra, depth first."""
    return _walk(node)


def _parsing(parse: Callable[[], T]) -> T:
    """``parse()`` in a thread of its own, within the query time limit.

    rdflib's parser recurses about 30 frames for each level of ( ) and 20 for { }: on
    a fresh stack the depth it can read (:data:`MAX_NESTING`) does not depend on how
    deep the caller already is (a web framework, a test runner).
    """
    seconds = limits.current().query_timeout

    def too_slow() -> SparqlSyntaxError:
        return SparqlSyntaxError(
            f"the query took over {seconds:g} s to parse (the limit for one query); "
            "shorten it, or raise POLICYGRAPH_QUERY_TIMEOUT."
        )

    return limits.run_within(seconds, lambda _deadline: parse(), too_slow, interrupt=True)


def parse_algebra(text: str) -> Any:
    """The SPARQL algebra of a query (rdflib's parser, which evaluates nothing).

    Raises :class:`SparqlSyntaxError` with the parser's first line for text that is not
    a SPARQL query (an update is not a query).
    """
    try:
        return _parsing(lambda: translateQuery(parseQuery(text)).algebra)
    except ParseException as exc:
        raise SparqlSyntaxError(str(exc).splitlines()[0] or type(exc).__name__) from None
    except RecursionError:
        # What MAX_NESTING lets through still fails here, not with a traceback.
        raise SparqlSyntaxError(too_deep(nesting_depth(text))) from None
    except Exception as exc:
        # rdflib reports an undeclared prefix as a bare Exception; anything else is a bug.
        if type(exc) is not Exception:
            raise
        raise SparqlSyntaxError(str(exc).splitlines()[0] or "Exception") from None


def is_update(text: str) -> bool:
    """Whether ``text`` is SPARQL Update with at least one operation."""
    body = re.sub(r"(?is)(PREFIX\s+\S*\s*<[^>]*>|BASE\s*<[^>]*>)", " ", strip_comments(text))
    if not body.strip():
        return False  # an empty request is valid Update grammar, but not an update
    try:
        _parsing(lambda: parseUpdate(text))
    except (ParseException, RecursionError):
        return False
    return True


def check_query(text: str, declared: set[str], *, where: str, describe: bool = False) -> None:
    """Reject queries that are not read-only, or that use parameters unsafely.

    DESCRIBE is engine-specific: allowed only with ``describe`` (ad-hoc queries).
    """
    limit = limits.current().max_query_chars
    if len(text) > limit:
        raise SavedQueryError(
            f"{where}: the query is {len(text):,} characters, more than the limit of "
            f"{limit:,}; shorten it, or raise POLICYGRAPH_MAX_QUERY_CHARS."
        )
    try:
        refuse_external(text, where=where)
    except QueryError as exc:
        raise SavedQueryError(str(exc)) from None
    check_nesting(text, where)
    try:
        algebra = parse_algebra(text)
    except SparqlSyntaxError as exc:
        raise _not_a_query(where, exc) from None
    if algebra.name == "DescribeQuery" and not describe:
        raise SavedQueryError(f"{where}: DESCRIBE is engine-specific; use CONSTRUCT instead.")
    used = parameter_variables(text)
    if used - declared:
        raise SavedQueryError(
            f"{where}: uses ${', $'.join(sorted(used - declared))} but does not declare "
            "it under 'params:' in the '#+' header."
        )
    if declared - used:
        raise SavedQueryError(
            f"{where}: declares parameter(s) {', '.join(sorted(declared - used))} that the "
            "query never uses as $name; remove them or use them."
        )
    # BIND(... AS $x) and SELECT (... AS $x): read from the text, since rdflib's
    # algebra also uses Extend for plain GROUP BY variables.
    tokens = [m for m in _tokens(text) if not m.group("comment")]
    for before, after in itertools.pairwise(tokens):
        if (before.group("word") or "").upper() == "AS" and after.group("var"):
            target = after.group("var")[1:]
            if target in used:
                raise SavedQueryError(_unsafe(where, {target}, "as a BIND/AS target"))
    # The outermost projection (under DISTINCT/REDUCED/slices when present).
    top_project = next(
        (n for n in _walk(algebra) if isinstance(n, CompValue) and n.name == "Project"), None
    )
    for node in _walk(algebra):
        if not isinstance(node, CompValue):
            continue
        if node.name == "ServiceGraphPattern":
            raise SavedQueryError(f"{where}: SERVICE is not allowed in saved queries.")
        if node.name == "Project" and node is not top_project:
            clash = _variables(node) & used
            if clash:
                raise SavedQueryError(_unsafe(where, clash, "inside a sub-query"))
        if node.name == "Minus":
            clash = _variables(node.p2) & used
            if clash:
                raise SavedQueryError(_unsafe(where, clash, "inside MINUS"))
        if node.name == "values":
            clash = {str(var) for row in node.res or [] for var in row} & used
            if clash:
                raise SavedQueryError(_unsafe(where, clash, "in a VALUES block"))
    _check_scopes(text, used, where)


#: The deepest nesting of { } and ( ) accepted. rdflib's parser, which checks every
#: query on a stack of its own, recurses about 30 frames for each level of ( ) (20 for
#: { }): at Python's default recursion limit it reads 24 levels of ( ), and 15 once
#: pyparsing's packrat cache is on (matplotlib turns it on for the whole process when
#: the report draws). The saved queries nest at most 9 levels deep.
MAX_NESTING = 12


def nesting_depth(text: str) -> int:
    """How deep ``text`` nests { } and ( ) (outside strings, IRIs and comments)."""
    depth = deepest = 0
    for match in _tokens(text):
        token = match.group(0)
        if token in ("{", "("):
            depth += 1
            deepest = max(deepest, depth)
        elif token in ("}", ")"):
            depth -= 1
    return deepest


def too_deep(deepest: int) -> str:
    """What is wrong with a query nested ``deepest`` levels deep."""
    if deepest <= MAX_NESTING:  # the parser ran out of room all the same
        return (
            f"the query nests groups or expressions {deepest} levels deep, too deep for "
            "the parser here; write it flatter."
        )
    return (
        f"the query nests groups or expressions {deepest} levels deep, more than "
        f"{MAX_NESTING}; write it flatter."
    )


def nesting_problem(text: str) -> str | None:
    """What is wrong with ``text`` if it nests deeper than :data:`MAX_NESTING` (to be
    said before any parser sees it); None if it does not."""
    deepest = nesting_depth(text)
    return too_deep(deepest) if deepest > MAX_NESTING else None


def check_nesting(text: str, where: str) -> None:
    """Refuse ``text`` nested deeper than :data:`MAX_NESTING` (:func:`nesting_problem`)."""
    problem = nesting_problem(text)
    if problem:
        raise SavedQueryError(f"{where}: {problem}")


def _check_scopes(text: str, used: set[str], where: str) -> None:
    """Reject expressions that would see a parameter unbound.

    The bound values join the top-level WHERE group, so an expression in a
    nested group (a FILTER, NOT EXISTS or BIND inside a UNION branch or
    { ... } sub-group) sees the parameter only if that group binds it itself.
    Checked on the query as it will run, with a placeholder bound.
    """
    if not used:
        return
    placeholder = ox.NamedNode("urn:x-policygraph:parameter")
    bound = bind_terms(text, dict.fromkeys(sorted(used), placeholder))
    algebra = parse_algebra(bound)  # on its own stack, as the text was
    for node in _walk(algebra):
        if not isinstance(node, CompValue) or node.name not in ("Filter", "Extend", "LeftJoin"):
            continue
        expression = node.expr
        scope = (
            _variables(node.p1) | _variables(node.p2)
            if node.name == "LeftJoin"
            else _variables(node.p)
        )
        unseen = (_variables(expression) & used) - scope
        if unseen:
            raise SavedQueryError(
                _unsafe(where, unseen, "in a FILTER, EXISTS or BIND inside a nested group")
            )


def _unsafe(where: str, names: set[str], place: str) -> str:
    listed = ", ".join("$" + n for n in sorted(names))
    return (
        f"{where}: parameter {listed} is used {place}, where a bound value would not reach "
        "it (or would clash) and engines disagree; use the parameter in the main WHERE "
        "pattern, FILTER or an OPTIONAL instead."
    )


def _not_a_query(where: str, exc: Exception) -> SavedQueryError:
    detail = str(exc).splitlines()[0]
    return SavedQueryError(
        f"{where}: not a valid read-only SPARQL query ({detail}). Saved queries must be "
        "SELECT, ASK or CONSTRUCT; updates and LOAD are not allowed."
    )


# ---------------------------------------------------------------------------
# Portability: constructs on which real SPARQL servers disagree
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PortabilityRule:
    """A construct saved queries avoid because engines answer it differently."""

    name: str
    rule: str
    why: str
    changed: str
    find: Callable[[str], list[str]]


def _plain(text: str) -> str:
    """The query without comments, every string literal replaced by ``""``."""
    parts, position = [], 0
    for match in _tokens(text):
        if match.group("comment") or match.group("string"):
            parts.append(text[position : match.start()])
            parts.append("" if match.group("comment") else '""')
            position = match.end()
    parts.append(text[position:])
    return "".join(parts)


def _balanced(text: str, start: int, opening: str, closing: str) -> str:
    """The text from ``start`` (an ``opening`` character) to its matching ``closing``."""
    depth = 0
    for index in range(start, len(text)):
        if text[index] == opening:
            depth += 1
        elif text[index] == closing:
            depth -= 1
            if depth == 0:
                return text[start : index + 1]
    return text[start:]


def _bodies(text: str, keyword: str, opening: str, closing: str) -> list[str]:
    """Each ``keyword`` followed by a bracketed body: the bodies (comments and strings out)."""
    plain = _plain(text)
    pattern = re.compile(rf"\b{keyword}\s*" + re.escape(opening), re.IGNORECASE)
    return [_balanced(plain, m.end() - 1, opening, closing) for m in pattern.finditer(plain)]


def _uncast_boolean(text: str) -> list[str]:
    pattern = re.compile(r"\bBIND\s*\(\s*(!\s*)?(NOT\s+EXISTS|EXISTS|BOUND)\b", re.IGNORECASE)
    return [m.group(0) for m in pattern.finditer(_plain(text))]


def _str_in_coalesce(text: str) -> list[str]:
    return [
        " ".join(body.split())[:60]
        for body in _bodies(text, "COALESCE", "(", ")")
        if re.search(r"\b(STR|CONCAT)\s*\(", body, re.IGNORECASE)
    ]


def _bind_copy_in_optional(text: str) -> list[str]:
    copy = re.compile(r"\bBIND\s*\(\s*[?$]\w+\s+AS\s+[?$]\w+\s*\)", re.IGNORECASE)
    # Innermost OPTIONAL groups that copy a variable; one such group is answered right.
    copying = [
        found
        for body in _bodies(text, "OPTIONAL", "{", "}")
        if not re.search(r"\bOPTIONAL\s*\{", body[1:], re.IGNORECASE)
        for found in copy.findall(body)
    ]
    return copying if len(copying) > 1 else []


def _exists_in_subquery(text: str) -> list[str]:
    plain = _plain(text)
    found = []
    for match in re.finditer(r"\{\s*SELECT\b", plain, re.IGNORECASE):
        body = _balanced(plain, match.start(), "{", "}")
        found += [m.group(0) for m in re.finditer(r"\bFILTER\s*(NOT\s+)?EXISTS\b", body, re.I)]
    return found


def _exists_guarded_by_bound(text: str) -> list[str]:
    return [
        " ".join(body.split())[:60]
        for body in _bodies(text, "FILTER", "(", ")")
        if re.search(r"!\s*BOUND\s*\(\s*\?", body, re.I)
        and re.search(r"\bNOT\s+EXISTS\b", body, re.I)
    ]


_LONG_TEXT = re.compile(r"pg:(?:sourceText|rationale|evidence)(?:\|[\w:]+)*\s+[?$](\w+)")


def _unwrapped_text_order(text: str) -> list[str]:
    plain = _plain(text)
    start = plain.upper().rfind("ORDER BY")
    if start < 0:
        return []
    order = plain[start:]
    return [
        f"ORDER BY ?{name}"
        for name in sorted(set(_LONG_TEXT.findall(plain)))
        if re.search(rf"(?<!STR\()[?$]{name}\b", order)
    ]


PORTABILITY_RULES: tuple[PortabilityRule, ...] = (
    PortabilityRule(
        "cast-booleans",
        "A boolean column is cast explicitly: `BIND(xsd:boolean(EXISTS { ... }) AS ?flag)`, "
        "never `BIND(EXISTS { ... } AS ?flag)` (nor a bare `BOUND(...)`).",
        "Virtuoso returns an uncast EXISTS as the integer 1 or 0. Cast, it is an xsd:boolean "
        'written "1"/"0", which policygraph reads in canonical form (true/false).',
        "chime-crosswalk (documentNamesProcess), target-groups (documentLevel)",
        _uncast_boolean,
    ),
    PortabilityRule(
        "bound-before-str",
        "Never rely on an error from an unbound variable: test `BOUND()` and call `STR()` or "
        "`CONCAT()` only on bound values; no `STR`/`CONCAT` inside `COALESCE`.",
        "Virtuoso's STR() of an unbound variable is an empty string, not an error, so "
        'COALESCE(CONCAT(STR(?min), "-", STR(?max)), ...) picked "18-" instead of "18+".',
        "target-groups (ageRange: IF(BOUND ...) in a self-contained OPTIONAL group)",
        _str_in_coalesce,
    ),
    PortabilityRule(
        "no-bind-copy-in-optional",
        "A variable that is counted is bound by a triple pattern of its own (a UNION branch), "
        "not copied with `BIND(?x AS ?y)` inside sibling OPTIONALs.",
        "Virtuoso 7.2 gave 0 for OPTIONAL { ?a pg:basis pg:Explicit . BIND(?a AS ?x) } next "
        "to a second OPTIONAL on the same pattern.",
        "alignment-audit",
        _bind_copy_in_optional,
    ),
    PortabilityRule(
        "no-exists-guarded-by-bound",
        "No FILTER that combines `!BOUND(?x)` (a variable some UNION branch leaves unbound) "
        "with `NOT EXISTS { ... ?x ... }`: compute a flag where ?x is bound, "
        "`BIND(IF(EXISTS { ... }, 1, 0) AS ?flag)`, and filter on the flag.",
        "Virtuoso rejects the shape (VALUES, nested UNIONs and FILTER NOT EXISTS) with HTTP "
        '400 "SP031 ... Internal error".',
        "principle-coverage",
        _exists_guarded_by_bound,
    ),
    PortabilityRule(
        "no-filter-exists-in-subquery",
        "No `FILTER EXISTS` / `FILTER NOT EXISTS` inside a sub-query: write the test as a "
        "pattern (a type check as its own group `{ ?x a pg:Initiative }`).",
        "Virtuoso ignored FILTER EXISTS inside the UNION branches of a sub-query (a draft "
        "of the rewritten principle-coverage counted SDG targets as principles).",
        "principle-coverage (as rewritten for scale)",
        _exists_in_subquery,
    ),
    PortabilityRule(
        "order-long-text-by-str",
        "ORDER BY a long text (pg:sourceText, pg:rationale, pg:evidence) as `STR(?text)`.",
        "Virtuoso orders long literals by a prefix only, so rows whose texts share their "
        "first words came back in another order.",
        "curated-without-review, chime-initiatives, focus-areas, principle-initiatives, "
        "sdg-initiatives, search, target-groups-for-age, theme-initiatives, "
        "unlinked-initiatives (ORDER BY only)",
        _unwrapped_text_order,
    ),
)


def portability_problems(text: str) -> list[str]:
    """``rule: construct`` for each construct of ``text`` that a portability rule forbids."""
    return [f"{rule.name}: {found}" for rule in PORTABILITY_RULES for found in rule.find(text)]
