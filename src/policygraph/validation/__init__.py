"""Validation of encoded documents (second-level API: ``policygraph.validation``).

:func:`validate` runs three stages and returns one :class:`ValidationReport`:

1. the syntax gate (:mod:`.syntax`): every file must be UTF-8 without BOM and parse
   strictly; a file that does not is reported and nothing more runs on it;
2. the SHACL shapes (:mod:`.shacl`, the only pyshacl import, loaded on first use), over
   the files together with the ontology, the vocabularies and the shipped municipalities
   and organisations;
3. the repository rules SHACL cannot see (:mod:`.rules`).

Findings are located in the text by :mod:`.locate` and rendered by :mod:`.formats`
(human, JSON, JUnit, GitHub annotations, SARIF).
"""

from __future__ import annotations

from .model import SEVERITIES, RuleInfo, ValidationReport, ValidationResult
from .run import CONTEXT_FILES, context_files, data_files, rule_catalogue, validate, validate_loaded

__all__ = [
    "CONTEXT_FILES",
    "SEVERITIES",
    "RuleInfo",
    "ValidationReport",
    "ValidationResult",
    "context_files",
    "data_files",
    "rule_catalogue",
    "validate",
    "validate_loaded",
]
