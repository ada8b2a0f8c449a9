"""The policygraph exception hierarchy.

Every error a user can cause is a :class:`PolicyGraphError`; the CLI prints its
message (one paragraph: what is wrong, where, what to do) and exits with its
``exit_code`` instead of showing a traceback.
"""

from __future__ import annotations

#: Exit codes shared by every command (documented in the README).
EXIT_OK = 0
EXIT_NONCONFORMING = 1
EXIT_BAD_INPUT = 2
EXIT_BROKEN_PROJECT = 3
EXIT_ENDPOINT = 4
EXIT_UNKNOWN_OUTCOME = 5


class PolicyGraphError(Exception):
    """Base class of every error policygraph raises on purpose."""

    exit_code = EXIT_BAD_INPUT


class LoadError(PolicyGraphError):
    """An RDF file could not be read or parsed."""

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
        detail: str | None = None,
    ) -> None:
        super().__init__(message)
        self.path = path
        self.line = line
        self.column = column
        #: the parser's own words, without file and position (for reports)
        self.detail = detail


class ParameterError(PolicyGraphError):
    """A query parameter value is missing, unknown or of the wrong type."""


class FormatError(PolicyGraphError):
    """The graph cannot be written in the format asked for (another format can)."""


class QueryError(PolicyGraphError):
    """A query could not be parsed or run."""


class SparqlSyntaxError(QueryError):
    """SPARQL text that does not parse as a query (bad input: exit 2)."""


class SavedQueryError(PolicyGraphError):
    """A saved query file is malformed or uses a construct policygraph rejects."""

    exit_code = EXIT_BROKEN_PROJECT


class UnknownQueryError(SavedQueryError):
    """No saved query has the name asked for: bad input, not a broken project."""

    exit_code = EXIT_BAD_INPUT


class StewardError(PolicyGraphError):
    """A steward tool (``new``, ``fmt``) refused to do what it was asked."""


class WriteError(PolicyGraphError):
    """An output file could not be written (the old content, if any, is kept)."""


class ShapesError(PolicyGraphError):
    """The shapes, ontology or vocabularies themselves are broken."""

    exit_code = EXIT_BROKEN_PROJECT


class EndpointError(PolicyGraphError):
    """A remote SPARQL endpoint or graph store could not be used."""

    exit_code = EXIT_ENDPOINT

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class UnknownOutcomeError(EndpointError):
    """A write was sent but no answer came back: it may or may not have happened."""

    exit_code = EXIT_UNKNOWN_OUTCOME
