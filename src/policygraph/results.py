"""Query results as Python values, CSV, JSON and records."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .namespaces import shorten
from .safetext import printable
from .terms import PyValue, Term


@dataclass(frozen=True)
class QueryResult:
    """The answer to a SELECT query: column names and rows of Python values.

    IRIs are :class:`~policygraph.terms.IRI` (a ``str``), language-tagged text
    :class:`~policygraph.terms.LangString` (a ``str`` with ``.lang``), numbers
    ``int``/``Decimal``/``float``, ``xsd:date`` a ``datetime.date``, unbound
    ``None``. ``pandas.DataFrame(result.to_records())`` gives a data frame.
    """

    columns: tuple[str, ...]
    rows: tuple[tuple[PyValue, ...], ...]
    #: The RDF terms behind ``rows`` (same shape) when an engine answered; not compared.
    terms: tuple[tuple[Term | None, ...], ...] = field(default=(), compare=False, repr=False)
    #: The answer of an ASK query (``rows`` is then one ``answer`` row); not compared.
    boolean: bool | None = field(default=None, compare=False, repr=False)

    def __iter__(self) -> Iterator[tuple[PyValue, ...]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def column(self, name: str) -> list[PyValue]:
        """All values of one column."""
        index = self.columns.index(name)
        return [row[index] for row in self.rows]

    def to_records(self) -> list[dict[str, PyValue]]:
        """One dict per row, keyed by column name."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def to_sparql(self, fmt: str = "sparql-json") -> str:
        """The SPARQL 1.1 Query Results format ``sparql-json``, ``sparql-xml`` or
        ``sparql-csv``, with the engine's terms (datatypes, language tags)."""
        from .resultformats import render

        return render(self, fmt)

    def to_dataframe(self) -> Any:
        """A ``pandas.DataFrame`` of :meth:`to_records` (install the ``pandas`` extra).

        IRIs and language-tagged text stay ``str`` subclasses; unbound values are ``None``.
        """
        try:
            import pandas
        except ImportError:
            from .errors import PolicyGraphError

            raise PolicyGraphError(
                "to_dataframe needs pandas: pip install 'policygraph[pandas]'."
            ) from None
        return pandas.DataFrame(self.to_records(), columns=list(self.columns))

    def to_csv(self, delimiter: str = ",") -> str:
        """RFC 4180 CSV with a header row; unbound values are empty fields."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
        writer.writerow(self.columns)
        for row in self.rows:
            writer.writerow(["" if v is None else _text(v) for v in row])
        return buffer.getvalue()

    def to_json(self) -> str:
        """A JSON array of objects; dates as ISO strings, decimals as exact strings."""
        return json.dumps(self.to_records(), ensure_ascii=False, indent=2, default=_json_default)

    def to_table(self, width: int = 80) -> str:
        """A plain-text table for terminals, at most ``width`` characters wide.

        Columns are wrapped to fit; when there are too many to stay readable
        (any column narrower than 12 characters), each row is shown as a block
        of ``column  value`` lines instead, like psql's expanded display.
        """
        from tabulate import tabulate

        if not self.columns:
            return "(no columns)"
        shown = [[printable(_short(v)) for v in row] for row in self.rows]
        count = f"({len(self.rows)} row{'s' if len(self.rows) != 1 else ''})"
        widths = _column_widths(self.columns, shown, width)
        if widths is None:
            return _expanded(self.columns, shown, width) + "\n" + count
        table = tabulate(
            shown,
            headers=self.columns,
            tablefmt="simple",
            maxcolwidths=widths,
            maxheadercolwidths=[w or len(c) for w, c in zip(widths, self.columns, strict=True)],
            disable_numparse=True,
        )
        return table + "\n" + count


def _expanded(columns: Sequence[str], rows: Sequence[Sequence[str]], width: int) -> str:
    """One block per row: ``column  value`` lines, values wrapped to ``width``."""
    import textwrap

    label = max(len(c) for c in columns) + 2
    blocks = []
    for number, row in enumerate(rows, 1):
        lines = [f"-[ {number} ]".ljust(width, "-")]
        for column, value in zip(columns, row, strict=True):
            wrapped = textwrap.wrap(value, max(20, width - label)) or [""]
            lines.append(column.ljust(label) + wrapped[0])
            lines.extend(" " * label + more for more in wrapped[1:])
        blocks.append("\n".join(lines))
    return "\n".join(blocks)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"cannot encode {value!r}")


def _short(value: PyValue) -> str:
    """Compact display form: IRIs abbreviated with the usual prefixes."""
    if value is None:
        return ""
    text = _text(value)
    from .terms import IRI

    if isinstance(value, IRI):
        # An item of a document: its local name is enough next to the document.
        document_item = re.match(r"https://w3id\.org/policygraph/id/doc/[^/]+/(.+)$", text)
        if document_item:
            return document_item.group(1)
        return shorten(text)
    return text


def _column_widths(
    columns: Sequence[str], rows: Sequence[Sequence[str]], width: int
) -> list[int | None] | None:
    """Share ``width`` between columns: narrow ones get what they need, wide ones the rest.

    ``None`` when some column would have to be squeezed below 12 characters
    (or below its natural width, if that is smaller): then a table is unreadable.
    """
    natural = [
        max([len(c)] + [len(line) for row in rows for line in row[i].splitlines() or [""]])
        for i, c in enumerate(columns)
    ]
    budget = width - 2 * (len(columns) - 1)
    if sum(natural) <= budget:
        return [None] * len(columns)
    widths: list[int | None] = [None] * len(columns)
    remaining = budget
    order = sorted(range(len(columns)), key=lambda i: natural[i])
    for position, index in enumerate(order):
        share = remaining // (len(columns) - position)
        given = min(natural[index], share)
        if given < min(natural[index], 12):
            return None
        widths[index] = given
        remaining -= given
    return widths
