"""Saved queries: discovery, metadata, typed parameters and safe binding.

A saved query is a ``.rq`` file whose first lines are a YAML header, each line
prefixed with ``#+`` (the grlc convention), followed by plain SPARQL 1.1::

    #+ summary: Initiatives that serve a national recovery principle
    #+ params:
    #+   - name: principle
    #+     type: principle
    #+     description: National principle number, 1-8.
    #+ tags: [principles]
    #+ example: policygraph query principle-initiatives -p principle=5
    SELECT ... WHERE { ... ?initiative pg:supportsPrinciple $principle . }

Parameters are written ``$name`` in the query (``$x`` and ``?x`` are the same
variable in SPARQL, so the file runs as-is in any SPARQL tool); every
``$``-variable must be declared and every declared parameter used.

Binding: one mechanism on every engine. The values are converted to RDF terms
(validated against their type first) and serialised by pyoxigraph, which
escapes them as N-Triples terms; they go into a single ``VALUES`` row placed
as the first element of the query's top-level ``WHERE`` group. A value is thus
always one RDF term and can never change the query's shape. rdflib's
``initBindings`` and pyoxigraph's ``substitutions`` are not used: they differ
from each other and from what a remote endpoint can do. Because a ``VALUES``
row does not reach into sub-queries or ``MINUS`` and clashes with ``BIND``
targets, queries that use a parameter there are rejected when loaded.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
import shlex
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import yaml

from . import limits, resources
from .errors import LoadError, ParameterError, SavedQueryError
from .namespaces import CHIME, DOC, MUNICIPALITY, PG, RP, SDG, THEME
from .sparql import BindForm, bind_terms, check_query

XSD = "http://www.w3.org/2001/XMLSchema#"

# ---------------------------------------------------------------------------
# Parameter types
# ---------------------------------------------------------------------------

#: A converter turns a user value into an RDF term, or None for "match anything".
Converter = Callable[[Any, "ParamSpec"], ox.NamedNode | ox.Literal | None]


def slugify(text: str) -> str:
    """ASCII slug as used in policygraph IRIs: æ→ae, ø→oe, å→aa, hyphens."""
    text = text.strip().lower()
    for src, dst in (("æ", "ae"), ("ø", "oe"), ("å", "aa")):
        text = text.replace(src, dst)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _literal(value: str, datatype: str) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype))


def _iri(value: Any, spec: ParamSpec) -> ox.NamedNode:
    try:
        return ox.NamedNode(str(value))
    except ValueError as exc:
        raise ParameterError(
            f"parameter {spec.name!r}: {str(value)!r} is not an absolute IRI ({exc}); "
            "give a full IRI such as https://w3id.org/policygraph/id/theme/housing."
        ) from None


def _string(value: Any, spec: ParamSpec) -> ox.Literal:
    if not isinstance(value, str):
        raise ParameterError(f"parameter {spec.name!r}: expected text, got {value!r}.")
    return ox.Literal(value)


_LANG = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")


def _lang_string(value: Any, spec: ParamSpec) -> ox.Literal:
    text = str(value)
    body, sep, lang = text.rpartition("@")
    if not sep or not lang:
        raise ParameterError(
            f"parameter {spec.name!r}: {text!r} has no language tag; write it as text@lang, "
            "e.g. 'Værdighed og respekt@da'."
        )
    try:
        if not _LANG.match(lang):
            raise ValueError(lang)
        return ox.Literal(body, language=lang.lower())
    except ValueError:
        raise ParameterError(
            f"parameter {spec.name!r}: {lang!r} is not a valid BCP 47 language tag; "
            "write the value as text@lang with a tag such as da or en."
        ) from None


def _integer(value: Any, spec: ParamSpec) -> ox.Literal:
    if isinstance(value, bool):
        raise ParameterError(f"parameter {spec.name!r}: expected an integer, got {value!r}.")
    text = str(value).strip()
    if len(text.lstrip("+-")) > limits.current().max_param_digits:
        raise ParameterError(
            f"parameter {spec.name!r}: {len(text):,} digits is more than the limit of "
            f"{limits.current().max_param_digits}; give a smaller integer."
        )
    try:
        number = int(text)
    except ValueError:
        raise ParameterError(
            f"parameter {spec.name!r}: {value!r} is not an integer; give digits such as 18."
        ) from None
    _check_range(number, spec)
    return _literal(str(number), "integer")


def _check_range(number: int | Decimal, spec: ParamSpec) -> None:
    low, high = spec.options.get("min"), spec.options.get("max")
    if (low is not None and number < low) or (high is not None and number > high):
        raise ParameterError(
            f"parameter {spec.name!r}: {number} is out of range; give a value from {low} to {high}."
        )


def _decimal(value: Any, spec: ParamSpec) -> ox.Literal:
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise ParameterError(
            f"parameter {spec.name!r}: {value!r} is not a decimal number; give e.g. 0.5."
        ) from None
    if not number.is_finite():
        raise ParameterError(f"parameter {spec.name!r}: {value!r} is not a finite number.")
    digits = limits.current().max_param_digits
    if abs(number.adjusted()) > digits or len(number.as_tuple().digits) > digits:
        # format(1e999999999, "f") alone would take a minute and gigabytes
        raise ParameterError(
            f"parameter {spec.name!r}: {str(value).strip()[:40]!r} has more than {digits} "
            "digits or an exponent beyond that; give an ordinary decimal such as 0.5."
        )
    _check_range(number, spec)
    return _literal(format(number, "f"), "decimal")


def _date(value: Any, spec: ParamSpec) -> ox.Literal:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return _literal(value.isoformat(), "date")
    try:
        return _literal(dt.date.fromisoformat(str(value).strip()).isoformat(), "date")
    except ValueError:
        raise ParameterError(
            f"parameter {spec.name!r}: {value!r} is not a date; write it as YYYY-MM-DD, "
            "e.g. 2021-06-01."
        ) from None


def _boolean(value: Any, spec: ParamSpec) -> ox.Literal:
    if isinstance(value, bool):
        return _literal("true" if value else "false", "boolean")
    text = str(value).strip().lower()
    if text in ("true", "yes", "1"):
        return _literal("true", "boolean")
    if text in ("false", "no", "0"):
        return _literal("false", "boolean")
    raise ParameterError(
        f"parameter {spec.name!r}: {value!r} is not a boolean; give true or false."
    )


def _principle(value: Any, spec: ParamSpec) -> ox.NamedNode:
    text = str(value).strip()
    if not re.fullmatch(r"[1-8]", text):
        raise ParameterError(
            f"parameter {spec.name!r}: {text!r} is not a national recovery principle; "
            "give a number from 1 to 8."
        )
    return ox.NamedNode(str(RP[text]))


_SDG_CODE = re.compile(r"^(?P<goal>[0-9]{1,2})(\.(?P<target>[0-9]{1,2}|[a-z]))?$")


def _sdg(value: Any, spec: ParamSpec) -> ox.NamedNode:
    text = str(value).strip().lower()
    match = _SDG_CODE.match(text)
    if not match or not 1 <= int(match["goal"]) <= 17:
        raise ParameterError(
            f"parameter {spec.name!r}: {text!r} is not a UN SDG code; give a goal from 1 to 17 "
            "or a target such as 3.4 or 10.2."
        )
    return ox.NamedNode(str(SDG[text]))


def _basis(value: Any, spec: ParamSpec) -> ox.NamedNode | None:
    text = str(value).strip().lower()
    if text == "any":
        return None
    if text in ("explicit", "curated"):
        return ox.NamedNode(str(PG.Explicit if text == "explicit" else PG.Curated))
    raise ParameterError(
        f"parameter {spec.name!r}: {text!r} is not a basis; give explicit, curated or any."
    )


def _slug_iri(namespace: str, what: str) -> Converter:
    def convert(value: Any, spec: ParamSpec) -> ox.NamedNode:
        text = str(value).strip()
        if text.startswith(("http://", "https://")):
            return _iri(text, spec)
        slug = slugify(text)
        if not slug:
            raise ParameterError(f"parameter {spec.name!r}: give a {what}, not {text!r}.")
        return ox.NamedNode(namespace + slug)

    return convert


def _municipality(value: Any, spec: ParamSpec) -> ox.NamedNode:
    text = str(value).strip()
    if re.fullmatch(r"[0-9]{3,4}", text):
        raise ParameterError(
            f"parameter {spec.name!r}: kommunekode {text} can only be resolved against a "
            "graph; run the query through PolicyGraph.query, or give the municipality's name."
        )
    if not text.startswith(("http://", "https://")):
        text = re.sub(r"\bkommune\b", "", text, flags=re.IGNORECASE)
    return _slug_iri(str(MUNICIPALITY), "municipality name, slug or kommunekode")(text, spec)  # type: ignore[return-value]


def _enum(value: Any, spec: ParamSpec) -> ox.Literal:
    allowed = [str(v) for v in spec.options.get("values", [])]
    text = str(value).strip()
    if text not in allowed:
        raise ParameterError(
            f"parameter {spec.name!r}: {text!r} is not allowed; give one of {', '.join(allowed)}."
        )
    return ox.Literal(text)


PARAM_TYPES: dict[str, Converter] = {
    "iri": _iri,
    "string": _string,
    "lang-string": _lang_string,
    "integer": _integer,
    "decimal": _decimal,
    "date": _date,
    "boolean": _boolean,
    "principle": _principle,
    "sdg": _sdg,
    "basis": _basis,
    "document": _slug_iri(str(DOC), "document slug or IRI"),
    "municipality": _municipality,
    "theme": _slug_iri(str(THEME), "theme slug (see ontology/vocab/themes.ttl)"),
    "chime": _slug_iri(str(CHIME), "CHIME process slug (e.g. hope-and-optimism)"),
    "enum": _enum,
}

# ---------------------------------------------------------------------------
# Saved queries
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ParamSpec:
    """A declared parameter of a saved query."""

    name: str
    type: str
    description: str = ""
    required: bool = True
    default: Any = None
    options: Mapping[str, Any] = field(default_factory=dict)

    def convert(self, value: Any) -> ox.NamedNode | ox.Literal | None:
        """Validate ``value`` against the type and return the RDF term to bind."""
        if isinstance(value, str):
            _check_text(value, self)
        return PARAM_TYPES[self.type](value, self)


def _check_text(value: str, spec: ParamSpec) -> None:
    """Bound a text value: its length, and text that cannot be written as UTF-8."""
    limit = limits.current().max_param_chars
    if len(value) > limit:
        raise ParameterError(
            f"parameter {spec.name!r}: the value is {len(value):,} characters, more than the "
            f"limit of {limit:,}; give a shorter value."
        )
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ParameterError(
            f"parameter {spec.name!r}: the value holds bytes that are not UTF-8 (at "
            f"character {exc.start + 1}); give it as UTF-8 text."
        ) from None


@dataclass(frozen=True)
class SavedQuery:
    """A ``.rq`` file with its metadata."""

    name: str
    summary: str
    description: str
    params: tuple[ParamSpec, ...]
    tags: tuple[str, ...]
    example: str
    text: str
    path: Path | None = None

    def param(self, name: str) -> ParamSpec:
        for spec in self.params:
            if spec.name == name:
                return spec
        known = ", ".join(p.name for p in self.params) or "none"
        raise ParameterError(
            f"query {self.name!r} has no parameter {name!r}; its parameters are: {known}."
        )

    def example_params(self) -> dict[str, str]:
        """The ``-p NAME=VALUE`` pairs of the header's example command."""
        words = shlex.split(self.example)
        return {
            name: value
            for flag, pair in itertools.pairwise(words)
            if flag in ("-p", "--param")
            for name, _, value in [pair.partition("=")]
        }

    def bind(self, values: Mapping[str, Any], form: BindForm = "values") -> str:
        """The query text with ``values`` bound (validated, as RDF terms), in ``form``
        (the backend's ``binding``; :meth:`PolicyGraph.bind` passes it)."""
        for name in values:
            self.param(name)
        terms: dict[str, ox.NamedNode | ox.Literal] = {}
        for spec in self.params:
            raw = values.get(spec.name)
            if raw is None:
                raw = spec.default
            if raw is None:
                if spec.required:
                    raise ParameterError(
                        f"query {self.name!r} needs parameter {spec.name!r} ({spec.type}"
                        f"{': ' + spec.description if spec.description else ''}); "
                        f"give it with -p {spec.name}=VALUE."
                    )
                continue
            term = spec.convert(raw)
            if term is not None:
                terms[spec.name] = term
        return bind_terms(self.text, terms, form)


_HEADER = re.compile(r"^#\+ ?(.*)$")


class _HeaderLoader(yaml.SafeLoader):
    """YAML's safe loader with a bound on aliases: a few hundred bytes of nested
    aliases (a "billion laughs") would otherwise expand to gigabytes."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._aliases = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > limits.current().max_yaml_aliases:
                raise yaml.YAMLError(
                    f"more than {limits.current().max_yaml_aliases} aliases (*name); "
                    "write the values out"
                )
        return super().compose_node(parent, index)


def parse_saved_query(text: str, *, name: str, path: Path | None = None) -> SavedQuery:
    """Parse a saved query's header and check that its SPARQL is acceptable."""
    where = str(path) if path else name
    header_lines = []
    for line in text.splitlines():
        match = _HEADER.match(line)
        if not match:
            if line.strip() and not line.lstrip().startswith("#"):
                break
            continue
        header_lines.append(match.group(1))
    header = "\n".join(header_lines)
    if len(header) > limits.current().max_header_chars:
        raise SavedQueryError(
            f"{where}: the '#+' header is {len(header):,} characters, more than the limit of "
            f"{limits.current().max_header_chars:,}."
        )
    try:
        meta = yaml.load(header, Loader=_HeaderLoader) or {}
    except yaml.YAMLError as exc:
        raise SavedQueryError(f"{where}: the '#+' header is not valid YAML: {exc}") from None
    if not isinstance(meta, dict):
        raise SavedQueryError(f"{where}: the '#+' header must be a YAML mapping (key: value).")
    if not meta.get("summary"):
        raise SavedQueryError(
            f"{where}: the '#+' header has no 'summary:'; add a one-line summary."
        )
    params = tuple(_param_spec(raw, where) for raw in meta.get("params") or [])
    query = SavedQuery(
        name=name,
        summary=str(meta["summary"]).strip(),
        description=str(meta.get("description") or "").strip(),
        params=params,
        tags=tuple(str(t) for t in meta.get("tags") or ()),
        example=str(meta.get("example") or "").strip(),
        text=text,
        path=path,
    )
    check_query(text, {p.name for p in params}, where=where)
    return query


def _param_spec(raw: Any, where: str) -> ParamSpec:
    if not isinstance(raw, dict) or "name" not in raw or "type" not in raw:
        raise SavedQueryError(f"{where}: each entry of 'params:' needs at least name and type.")
    kind = str(raw["type"])
    if kind not in PARAM_TYPES:
        raise SavedQueryError(
            f"{where}: parameter {raw['name']!r} has unknown type {kind!r}; use one of "
            f"{', '.join(PARAM_TYPES)}."
        )
    options = {k: raw[k] for k in ("min", "max", "values") if k in raw}
    if kind == "enum" and not options.get("values"):
        raise SavedQueryError(f"{where}: enum parameter {raw['name']!r} needs 'values: [...]'.")
    default = raw.get("default")
    return ParamSpec(
        name=str(raw["name"]),
        type=kind,
        description=str(raw.get("description") or "").strip(),
        required=bool(raw.get("required", default is None)),
        default=default,
        options=options,
    )


def saved_queries(*extra_dirs: str | Path) -> list[SavedQuery]:
    """The saved queries shipped in ``queries/`` plus those in ``extra_dirs``.

    A query in an extra directory replaces a shipped one of the same name.
    """
    found = {path.stem: path for path in _query_files(extra_dirs)}
    return [load_saved_query(found[name]) for name in sorted(found)]


def find_saved_query(name: str, *extra_dirs: str | Path) -> SavedQuery | None:
    """The saved query called ``name`` (parsing only that file), or None."""
    found = {path.stem: path for path in _query_files(extra_dirs)}
    return load_saved_query(found[name]) if name in found else None


def saved_query_names(*extra_dirs: str | Path) -> list[str]:
    return sorted({path.stem for path in _query_files(extra_dirs)})


def _query_files(extra_dirs: Iterable[str | Path]) -> list[Path]:
    files = []
    for directory in (resources.queries_dir(), *map(Path, extra_dirs)):
        if not directory.is_dir():
            raise SavedQueryError(f"{directory}: not a directory of .rq files.")
        files.extend(sorted(directory.glob("*.rq")))
    return files


def load_saved_query(path: Path) -> SavedQuery:
    """Parse and check one ``.rq`` file; cached while the file is unchanged."""
    stat = path.stat()
    return _load_saved_query(path.resolve(), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=256)
def _load_saved_query(path: Path, mtime_ns: int, size: int) -> SavedQuery:
    try:
        data = limits.read_input_file(path, what="saved query")
        text = data.decode("utf-8")
    except LoadError as exc:
        raise SavedQueryError(str(exc)) from None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SavedQueryError(
            f"{path}:{line}: the saved query is not UTF-8 (byte {data[exc.start]:#x}); "
            "save it as UTF-8."
        ) from None
    return parse_saved_query(text, name=path.stem, path=path)
