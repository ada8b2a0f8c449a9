"""Where the shipped ontology, vocabularies, data and saved queries live.

In a source checkout (and an editable install) they are the repository's own
``ontology/``, ``data/``, ``queries/`` and ``sources/`` directories; a wheel
carries copies under ``policygraph/_resources``.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from .errors import ShapesError


@cache
def root() -> Path:
    """The directory that holds ``ontology/``, ``data/`` and ``queries/``."""
    package = Path(__file__).resolve().parent
    for candidate in (package / "_resources", package.parents[1]):
        if (candidate / "ontology" / "policygraph.ttl").is_file():
            return candidate
    raise ShapesError(
        f"policygraph cannot find its ontology next to {package}: reinstall the package "
        "(pip install -e . from a checkout) so that ontology/, data/ and queries/ are present."
    )


def ontology_file() -> Path:
    return root() / "ontology" / "policygraph.ttl"


def shapes_file() -> Path:
    return root() / "ontology" / "shapes.ttl"


def vocabulary_files() -> list[Path]:
    return sorted((root() / "ontology" / "vocab").glob("*.ttl"))


def data_dir() -> Path:
    return root() / "data"


def queries_dir() -> Path:
    return root() / "queries"


def sources_dir() -> Path:
    return root() / "sources"


def package_text(package: str, name: str) -> str:
    """A text file shipped inside a package of ours (templates)."""
    return (resources.files(package) / name).read_text(encoding="utf-8")
