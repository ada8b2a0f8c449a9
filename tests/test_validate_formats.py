"""``policygraph validate``: every report format, every exit code, no network.

The case directories of tests/validate/ serve as inputs with known findings;
tests/steward/conforming-document.ttl is a document with no finding at all.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner, Result
from junitparser import Failure, JUnitXml, Skipped

from policygraph import resources, validation
from policygraph.cli import main
from policygraph.errors import LoadError
from policygraph.loading import parse_file
from policygraph.validation import shacl
from policygraph.validation.formats import human

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
CORPUS = TESTS / "validate"
CONFORMING = TESTS / "steward" / "conforming-document.ttl"
SARIF_SCHEMA = TESTS / "sarif" / "sarif-schema-2.1.0.json"
REPORT_SCHEMA = ROOT / "docs" / "validation-report.schema.json"
DOC = "herlev-psykiatripolitik-2025-2028.ttl"


@pytest.fixture
def workdir(tmp_path: Path) -> Iterator[Path]:
    """Run in a fresh directory holding the conforming document and some broken cases."""
    shutil.copy(CONFORMING, tmp_path / "conforming.ttl")
    shutil.copytree(TESTS / "steward" / "sources", tmp_path / "sources")  # its source text
    other = CONFORMING.read_text(encoding="utf-8").replace(
        "herlev-psykiatripolitik-2025-2028", "herlev-handleplan-2026"
    )
    (tmp_path / "other.ttl").write_text(other, encoding="utf-8")
    for case in ("undeclared-pg-term", "alignment-without-link", "syntax-missing-dot"):
        (tmp_path / case).mkdir()
        shutil.copy(CORPUS / case / DOC, tmp_path / case / DOC)
    previous = Path.cwd()
    os.chdir(tmp_path)
    try:
        yield tmp_path
    finally:
        os.chdir(previous)


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, ["validate", *args], env=env)


# --------------------------------------------------------------------------
# Exit codes
# --------------------------------------------------------------------------


def test_exit_0_when_the_document_conforms(workdir: Path) -> None:
    result = run("conforming.ttl")
    assert result.exit_code == 0, result.output
    assert result.output == "1 file(s): 0 violations, 0 warnings, 0 info; conforms\n"


def test_exit_1_when_the_document_does_not_conform(workdir: Path) -> None:
    result = run("undeclared-pg-term")
    assert result.exit_code == 1, result.output
    assert "does not conform (fails on warning)" in result.output


def test_fail_on_decides_which_severity_fails(workdir: Path) -> None:
    # alignment-without-link: one violation and one info
    assert run("alignment-without-link").exit_code == 1
    only_info = workdir / "only-info.ttl"
    text = CONFORMING.read_text(encoding="utf-8")
    text = text.replace("    pg:contributesTo sdg:17.17 ;\n", "").replace(
        "pg:alignment d:align-initiative-2.1-rp-7 , d:align-initiative-2.1-sdg-17.17 .",
        "pg:alignment d:align-initiative-2.1-rp-7 .",
    )
    text = text[: text.index("d:align-initiative-2.1-sdg-17.17\n")]
    only_info.write_text(text, encoding="utf-8")
    for fail_on, code in (("violation", 0), ("warning", 0), ("info", 1)):
        result = run("--fail-on", fail_on, "only-info.ttl")
        assert result.exit_code == code, result.output


def test_exit_2_for_a_syntax_error_with_the_finding_in_the_chosen_format(workdir: Path) -> None:
    result = run("--format", "github", "syntax-missing-dot")
    assert result.exit_code == 2, result.output
    assert result.output.splitlines()[0] == (
        f"::error file=syntax-missing-dot/{DOC},line=35,col=1,title=policygraph syntax::"
        "syntax error: a '.' is missing before 'd:source' (line 35): end the statement before "
        "it with '.', or continue it with ';' or ','. [value d:source]"
    )


def test_a_syntax_error_stops_before_shacl_for_every_file(workdir: Path) -> None:
    result = run("--format", "json", "syntax-missing-dot", "undeclared-pg-term")
    assert result.exit_code == 2, result.output
    document = json.loads(result.stdout)
    assert document["unreadable"] == [f"syntax-missing-dot/{DOC}"]
    assert [f["rule"] for f in document["findings"]] == ["syntax"]


def test_exit_2_for_a_path_that_does_not_exist(workdir: Path) -> None:
    result = run("no-such-file.ttl")
    assert result.exit_code == 2, result.output
    assert "no-such-file.ttl: no such file or directory" in result.output


def test_exit_2_for_an_unknown_option_or_format(workdir: Path) -> None:
    assert run("--no-such-option").exit_code == 2
    assert run("--format", "xml", "conforming.ttl").exit_code == 2
    assert run("--fail-on", "never", "conforming.ttl").exit_code == 2


def test_exit_2_for_an_unreadable_file(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Permissions do not stop root, so make the read itself fail.
    open_file = Path.open

    def refuse(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self.name == "conforming.ttl":
            raise PermissionError(13, "Permission denied")
        return open_file(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    result = run("--format", "json", "conforming.ttl")
    assert result.exit_code == 2, result.output
    (finding,) = json.loads(result.stdout)["findings"]
    assert (finding["rule"], finding["file"], finding["message"]) == (
        "unreadable",
        "conforming.ttl",
        "the file cannot be read (Permission denied).",
    )


def test_exit_2_for_a_directory_without_rdf_files(workdir: Path) -> None:
    (workdir / "empty").mkdir()
    result = run("empty")
    assert result.exit_code == 2, result.output
    assert "empty: no RDF files" in result.output


@pytest.fixture
def broken_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\nsh:X sh:y\n", encoding="utf-8")
    shacl.shapes_graph.cache_clear()
    yield broken
    shacl.shapes_graph.cache_clear()


def test_exit_3_when_the_shapes_are_broken(
    broken_model: Path, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(resources, "shapes_file", lambda: broken_model)
    result = run("conforming.ttl")
    assert result.exit_code == 3, result.output
    assert "the shapes file is broken" in result.output


def test_exit_3_when_the_ontology_is_broken(
    broken_model: Path, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(resources, "ontology_file", lambda: broken_model)
    result = run("conforming.ttl")
    assert result.exit_code == 3, result.output
    assert "the ontology or a vocabulary is broken" in result.output


def test_help_documents_the_exit_codes() -> None:
    result = CliRunner().invoke(main, ["validate", "--help"])
    assert result.exit_code == 0, result.output
    for line in ("0  conforms", "1  does not conform", "2  bad input", "3  the shapes"):
        assert line in result.output


def test_readme_exit_codes_agree() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "| 2 | bad input: unknown option, unreadable file, syntax error" in readme
    assert "| 3 | the project's own shapes, ontology" in readme


# --------------------------------------------------------------------------
# Formats
# --------------------------------------------------------------------------


def test_human_is_grouped_by_file_without_colour_when_not_a_tty(workdir: Path) -> None:
    result = run("undeclared-pg-term", "other.ttl")
    assert result.exit_code == 1, result.output
    assert "\x1b[" not in result.output
    lines = result.output.splitlines()
    assert lines[0] == f"undeclared-pg-term/{DOC}"
    assert lines[1] == (
        "      113  violation  pg:hasIntiative is not a term of the policygraph ontology "
        "(ontology/policygraph.ttl). Did you mean pg:hasInitiative?"
    )
    assert lines[2].strip().startswith("rule undeclared-term; focus ")
    assert (
        lines[-1]
        == "2 file(s): 2 violations, 1 warning, 0 info; does not conform (fails on warning)"
    )


def test_human_colours_only_when_asked() -> None:
    report = validation.validate([CORPUS / "undeclared-pg-term"])
    coloured = human(report, color=True)
    assert "\x1b[31mviolation" in coloured and "\x1b[33mwarning" in coloured
    assert "\x1b[" not in human(report, color=False)


def test_json_follows_the_documented_schema(workdir: Path) -> None:
    schema = json.loads(REPORT_SCHEMA.read_text(encoding="utf-8"))
    for args in (["undeclared-pg-term"], ["syntax-missing-dot"], ["conforming.ttl"]):
        result = run("--format", "json", *args)
        document = json.loads(result.stdout)
        jsonschema.validate(document, schema)
        assert document["version"] == 1
        assert document["exit_code"] == result.exit_code
    document = json.loads(run("--format", "json", "undeclared-pg-term").stdout)
    assert document["summary"] == {"violation": 2, "warning": 1, "info": 0}
    assert document["findings"][0] == {
        "file": f"undeclared-pg-term/{DOC}",
        "line": 113,
        "column": None,
        "severity": "violation",
        "rule": "undeclared-term",
        "shape": None,
        "constraint": None,
        "focus_node": "https://w3id.org/policygraph/id/doc/herlev-psykiatripolitik-2025-2028/focus-area-2",
        "path": "https://w3id.org/policygraph/def#hasIntiative",
        "value": "https://w3id.org/policygraph/def#hasIntiative",
        "message": "pg:hasIntiative is not a term of the policygraph ontology "
        "(ontology/policygraph.ttl). Did you mean pg:hasInitiative?",
    }


def junit_cases(xml: JUnitXml) -> dict[tuple[str, str], Any]:
    return {(case.classname, case.name): case for suite in xml for case in suite}


def test_junit_has_a_test_case_per_file_and_rule(workdir: Path, tmp_path: Path) -> None:
    report_file = tmp_path / "report.xml"
    result = run(
        "--format",
        "junit",
        "--fail-on",
        "violation",  # so that the warning's case passes, with the warning in system-out
        "-o",
        str(report_file),
        "undeclared-pg-term",
        "other.ttl",
    )
    assert result.exit_code == 1, result.output
    xml = JUnitXml.fromfile(str(report_file))
    rules = validation.rule_catalogue()
    suites = list(xml)
    assert [s.name for s in suites] == [f"undeclared-pg-term/{DOC}", "other.ttl"]
    for suite in suites:
        assert suite.tests == len(rules)
    cases = junit_cases(xml)
    assert len(cases) == 2 * len(rules)
    failed = {
        key for key, case in cases.items() if any(isinstance(r, Failure) for r in case.result)
    }
    assert failed == {
        (f"undeclared-pg-term/{DOC}", "undeclared-term"),
        (f"undeclared-pg-term/{DOC}", "pgsh:InitiativeOwner"),
    }
    owner = cases[(f"undeclared-pg-term/{DOC}", "pgsh:InitiativeOwner")]
    shape_message = next(r.description for r in rules if r.id == "pgsh:InitiativeOwner")
    assert owner.result[0].message == shape_message
    warning = cases[(f"undeclared-pg-term/{DOC}", "pgsh:FocusAreaContent")]
    assert warning.is_passed and "warning" in (warning.system_out or "")
    assert xml.failures == 2 and xml.tests == 2 * len(rules)


def test_junit_skips_what_did_not_run_after_a_syntax_error(workdir: Path) -> None:
    result = run("--format", "junit", "syntax-missing-dot")
    assert result.exit_code == 2, result.output
    xml = JUnitXml.fromstring(result.stdout.split("\n", 1)[1])
    cases = junit_cases(xml)
    syntax = cases[(f"syntax-missing-dot/{DOC}", "syntax")]
    assert isinstance(syntax.result[0], Failure)
    shacl = cases[(f"syntax-missing-dot/{DOC}", "pgsh:ItemSourceText")]
    assert isinstance(shacl.result[0], Skipped)


def test_github_annotations_and_step_summary(workdir: Path, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    result = run(
        "--format", "github", "undeclared-pg-term", env={"GITHUB_STEP_SUMMARY": str(summary)}
    )
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert lines[0] == (
        f"::error file=undeclared-pg-term/{DOC},line=113,title=policygraph undeclared-term::"
        "pg:hasIntiative is not a term of the policygraph ontology (ontology/policygraph.ttl). "
        "Did you mean pg:hasInitiative? [focus <https://w3id.org/policygraph/id/doc/"
        "herlev-psykiatripolitik-2025-2028/focus-area-2>; path pg:hasIntiative; "
        "value pg:hasIntiative]"
    )
    assert lines[1].startswith(
        f"::warning file=undeclared-pg-term/{DOC},line=113,"
        "title=policygraph pgsh%3AFocusAreaContent::"
    )
    assert lines[2].startswith(
        f"::error file=undeclared-pg-term/{DOC},line=122,title=policygraph pgsh%3AInitiativeOwner::"
    )
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n## policygraph validate\n")
    assert "| file | line | severity | rule | message |" in text
    assert f"| `undeclared-pg-term/{DOC}` | 113 | violation | `undeclared-term` |" in text


def test_github_info_is_a_notice(workdir: Path) -> None:
    result = run("--format", "github", "alignment-without-link")
    notices = [line for line in result.output.splitlines() if line.startswith("::notice ")]
    assert len(notices) == 1 and "pgsh%3AInitiativeSdg" in notices[0]


def test_github_escapes_workflow_command_characters() -> None:
    from policygraph.validation.formats import github
    from policygraph.validation.model import ValidationReport, ValidationResult

    report = ValidationReport(
        files=("a,b:c.ttl",),
        results=(
            ValidationResult("violation", "50% done\nnext line", "", file="a,b:c.ttl", line=3),
        ),
    )
    assert github(report).splitlines()[0] == (
        "::error file=a%2Cb%3Ac.ttl,line=3,title=policygraph shacl::50%25 done%0Anext line"
    )


def sarif_validator() -> jsonschema.Draft4Validator:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema)


def test_sarif_is_valid_sarif_2_1_0(workdir: Path) -> None:
    validator = sarif_validator()
    for args in (["undeclared-pg-term"], ["syntax-missing-dot"], ["conforming.ttl"]):
        result = run("--format", "sarif", *args)
        document = json.loads(result.stdout)
        errors = sorted(validator.iter_errors(document), key=str)
        assert not errors, "\n".join(str(e.message) for e in errors)
        assert document["version"] == "2.1.0"
        run_ = document["runs"][0]
        assert run_["invocations"][0]["exitCode"] == result.exit_code


def test_sarif_rules_and_results(workdir: Path) -> None:
    document = json.loads(run("--format", "sarif", "undeclared-pg-term").stdout)
    run_ = document["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids)) == len(validation.rule_catalogue())
    assert "pgsh:ItemSourceText" in ids and "duplicate-subject" in ids
    levels = [(r["ruleId"], r["level"]) for r in run_["results"]]
    assert levels == [
        ("undeclared-term", "error"),
        ("pgsh:FocusAreaContent", "warning"),
        ("pgsh:InitiativeOwner", "error"),
    ]
    for result in run_["results"]:
        assert ids[result["ruleIndex"]] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"] == {
            "uri": f"undeclared-pg-term/{DOC}",
            "uriBaseId": "%SRCROOT%",
        }
        assert location["region"]["startLine"] in (113, 122)
        assert re.fullmatch(r"[0-9a-f]{32}", result["partialFingerprints"]["policygraphFinding/v1"])


def test_output_file_gets_the_report_and_stderr_the_summary(workdir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "report.sarif"
    result = run("--format", "sarif", "-o", str(out), "conforming.ttl")
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert result.stderr == "1 file(s): 0 violations, 0 warnings, 0 info; conforms\n"


# --------------------------------------------------------------------------
# Local files only
# --------------------------------------------------------------------------


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    attempts: list[object] = []

    def refuse(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise OSError("network access during validation")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: refuse(None, a))  # type: ignore[arg-type]
    return attempts


def test_owl_imports_are_not_followed(no_network: list[object], tmp_path: Path) -> None:
    shutil.copytree(TESTS / "steward" / "sources", tmp_path / "sources")  # its source text
    document = tmp_path / "with-import.ttl"
    document.write_text(
        CONFORMING.read_text(encoding="utf-8")
        + "\n<https://w3id.org/policygraph/id/doc/herlev-psykiatripolitik-2025-2028>\n"
        "    <http://www.w3.org/2002/07/owl#imports> <http://example.org/remote.ttl> .\n",
        encoding="utf-8",
    )
    report = validation.validate([document])
    assert report.conforms, report.results
    assert no_network == []


def test_jsonld_remote_context_is_a_clear_error_not_a_fetch(
    no_network: list[object], tmp_path: Path
) -> None:
    document = tmp_path / "remote.jsonld"
    document.write_text(
        json.dumps({"@context": "https://example.org/context.jsonld", "@id": "urn:x:a"}),
        encoding="utf-8",
    )
    with pytest.raises(LoadError) as caught:
        parse_file(document)
    assert str(caught.value) == (
        f"{document}: the JSON-LD @context refers to 'https://example.org/context.jsonld', "
        "which policygraph does not fetch (it reads only local files); put the context inline "
        "in the file (see ontology/context.jsonld)."
    )
    report = validation.validate([document])
    assert report.exit_code() == 2
    assert [r.rule for r in report.results] == ["remote-context"]
    assert no_network == []


def test_jsonld_with_an_inline_context_validates(no_network: list[object], tmp_path: Path) -> None:
    document = tmp_path / "inline.jsonld"
    context = json.loads((ROOT / "ontology" / "context.jsonld").read_text(encoding="utf-8"))
    document.write_text(
        json.dumps({**context, "@id": "urn:x:thing", "skos:prefLabel": "x"}), encoding="utf-8"
    )
    report = validation.validate([document])
    assert [r.rule for r in report.results] == ["untyped-subject"]
    assert report.results[0].line is None  # a JSON-LD file has no statement lines
    assert no_network == []


# --------------------------------------------------------------------------
# The library API
# --------------------------------------------------------------------------


def test_library_report_for_a_syntax_error() -> None:
    report = validation.validate([CORPUS / "undeclared-prefix" / DOC])
    assert not report.conforms and report.exit_code() == 2
    (result,) = report.results
    assert (result.rule, result.line, result.column, result.value) == (
        "unbound-prefix",
        71,
        17,
        "theme:peer-support",
    )


def test_shipped_data_conforms_and_every_finding_has_a_line() -> None:
    report = validation.validate(None)
    assert report.conforms, [r for r in report.results if r.severity == "violation"]
    assert all(r.file and r.line for r in report.results)


def test_a_blank_node_is_located_at_the_statement_that_holds_it(tmp_path: Path) -> None:
    text = CONFORMING.read_text(encoding="utf-8")
    text = text.replace(
        "    dcterms:temporal d:period ;",
        "    dcterms:temporal [ a dcterms:PeriodOfTime ;\n"
        '        dcat:startDate "2029-01-01"^^xsd:date ; dcat:endDate "2028-12-31"^^xsd:date ] ;',
    )
    text = text[: text.index("d:period\n")] + text[text.index("d:source\n") :]
    document = tmp_path / "inline-period.ttl"
    document.write_text(text, encoding="utf-8")
    shutil.copytree(TESTS / "steward" / "sources", tmp_path / "sources")  # its source text
    (result,) = validation.validate([document]).results
    assert (result.rule_id, result.file, result.line) == ("pgsh:PeriodStart", str(document), 20)
    assert result.focus_node.startswith("_:")


def test_a_copied_document_collides_with_the_shipped_one(tmp_path: Path) -> None:
    shipped = ROOT / "data" / "herlev-socialpsykiatri-2019-2022.ttl"
    same_name = tmp_path / shipped.name  # an edited copy of the same document
    shutil.copy(shipped, same_name)
    assert validation.validate([same_name]).conforms
    copy = tmp_path / "herlev-ny-plan.ttl"  # a new document started from a copy
    shutil.copy(shipped, copy)
    report = validation.validate([copy])
    duplicates = [r for r in report.results if r.rule == "duplicate-subject"]
    typed = {r.focus_node for r in duplicates}
    assert "https://w3id.org/policygraph/id/doc/herlev-socialpsykiatri-2019-2022" in typed
    assert all(r.file == str(copy) and r.line for r in duplicates)
    where = shipped.relative_to(Path.cwd()) if shipped.is_relative_to(Path.cwd()) else shipped
    assert all(f"{where.as_posix()}:" in r.message for r in duplicates)
