"""The HTML report: files, well-formed HTML, no outside resources, atomic replacement,
and a real headless Chromium that loads it without console errors or missing resources.

Chromium is driven over the DevTools protocol on a pipe (``--remote-debugging-pipe``:
NUL-separated JSON on file descriptors 3 and 4), so no extra Python package is needed.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import re
import select
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import policygraph
from policygraph import analysis, report
from policygraph.cli import main

ROOT = Path(__file__).resolve().parents[1]
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


@pytest.fixture(scope="module")
def validation() -> Any:
    return policygraph.validate()


@pytest.fixture(scope="module")
def built(
    graph: policygraph.PolicyGraph, validation: Any, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    out = tmp_path_factory.mktemp("report") / "report"
    index = report.write_report(out, graph=graph, validation=validation)
    assert index == out / "index.html"
    return out


# -- the files -------------------------------------------------------------------------


class StrictHTML(HTMLParser):
    """Collects tags, ids, links and image sources, and fails on unbalanced tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, int]] = []
        self.errors: list[str] = []
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.srcs: list[str] = []
        self.imgs: list[dict[str, str | None]] = []
        self.doctype = ""

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.append(str(values["id"]))
        if values.get("href"):
            self.hrefs.append(str(values["href"]))
        if values.get("src"):
            self.srcs.append(str(values["src"]))
        if tag == "img":
            self.imgs.append(values)
        if tag not in VOID:
            self.stack.append((tag, self.getpos()[0]))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            self.errors.append(f"line {self.getpos()[0]}: end tag for void element <{tag}>")
        elif not self.stack or self.stack[-1][0] != tag:
            open_tag = self.stack[-1] if self.stack else None
            self.errors.append(f"line {self.getpos()[0]}: </{tag}> closes {open_tag}")
        else:
            self.stack.pop()


def parse(path: Path) -> StrictHTML:
    parser = StrictHTML()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def test_html_is_well_formed(built: Path) -> None:
    page = parse(built / "index.html")
    assert page.doctype.lower() == "doctype html"
    assert page.errors == []
    assert page.stack == [], f"unclosed: {page.stack}"
    assert len(page.ids) == len(set(page.ids)), "duplicate ids"


def test_every_internal_link_has_a_target(built: Path) -> None:
    page = parse(built / "index.html")
    targets = {h[1:] for h in page.hrefs if h.startswith("#")}
    assert targets - set(page.ids) == set()
    for section in ("overview", "documents", "coverage", "similarity", "partners", "quality"):
        assert section in targets, section


def test_images_exist_are_referenced_and_non_empty(built: Path) -> None:
    page = parse(built / "index.html")
    referenced = {src for src in page.srcs}
    on_disk = {f"figures/{p.name}" for p in (built / "figures").iterdir()}
    assert referenced == on_disk
    assert len(on_disk) >= 6
    for img in page.imgs:
        assert img.get("alt"), img
        path = built / str(img["src"])
        assert path.stat().st_size > 1000, path
        text = path.read_text(encoding="utf-8")
        assert text.startswith("<?xml") and "<svg" in text and text.rstrip().endswith("</svg>")


def test_nothing_is_loaded_from_outside(built: Path) -> None:
    page = parse(built / "index.html")
    for url in page.srcs + page.hrefs:
        assert url.startswith(("#", "figures/", "data:")), url
    html = (built / "index.html").read_text(encoding="utf-8")
    assert "<script" not in html
    assert not re.search(r"@import|url\(\s*['\"]?https?:", html)
    for svg in (built / "figures").iterdir():
        assert not re.search(r"(href|src)=\"https?:", svg.read_text(encoding="utf-8")), svg


def test_report_content(built: Path, graph: policygraph.PolicyGraph, validation: Any) -> None:
    html = (built / "index.html").read_text(encoding="utf-8")
    for doc in graph.documents():
        slug = doc.rsplit("/", 1)[-1]
        assert f'id="doc-{slug}"' in html, slug
    assert "Psykiatripolitik- og handleplan for Helsingør Kommune" in html
    assert "Almen praksis" in html and "Region Hovedstadens Psykiatri" in html
    violations = sum(1 for r in validation.results if r.severity == "violation")
    assert f"{violations} violation(s)" in html
    infos = sum(1 for r in validation.results if r.severity == "info")
    assert f'<span class="badge info">{infos} info</span>' in html
    assert f"Every finding ({len(validation.results)})" in html
    assert (built / report.MARKER).is_file()


def svg_texts(path: Path) -> list[str]:
    """The texts of a matplotlib SVG: drawn as paths (no font needed to view them), each
    preceded by a comment holding the text."""
    return re.findall(r"<!-- (.*?) -->", path.read_text(encoding="utf-8"))


def test_figures_have_danish_and_english_labels(built: Path) -> None:
    principles = svg_texts(built / "figures" / "coverage-principle.svg")
    assert "5. Hjælp borgerne så tidligt som muligt" in principles
    assert "5. Help the citizens as early as possible" in principles
    assert {"Ballerup", "Helsingør", "Herlev", "Ishøj", "Vallensbæk"} <= set(principles)
    sdg = svg_texts(built / "figures" / "coverage-sdg.svg")
    assert "Delmål 3.4 (Sundhed og trivsel)" in sdg
    assert any(t.startswith("3.4 By 2030, reduce by one third premature mortality") for t in sdg)
    themes = svg_texts(built / "figures" / "coverage-theme.svg")
    assert "Bolig" in themes and "Housing" in themes
    partners = svg_texts(built / "figures" / "partners.svg")
    assert "Almen praksis  (4 municipalities)" in partners


def test_output_is_deterministic(
    graph: policygraph.PolicyGraph, validation: Any, built: Path, tmp_path: Path
) -> None:
    again = report.write_report(tmp_path / "again", graph=graph, validation=validation).parent
    for path in sorted(built.rglob("*")):
        if path.is_file():
            twin = again / path.relative_to(built)
            assert twin.read_bytes() == path.read_bytes(), path.name


# -- writing safely --------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    severity: str
    message: str
    focus_node: str
    path: str | None = None
    file: str | None = None


@dataclass(frozen=True)
class Findings:
    files: tuple[str, ...]
    results: tuple[Finding, ...] = field(default=())


def herlev_only() -> policygraph.PolicyGraph:
    return policygraph.load(
        [ROOT / "data" / f for f in ("herlev-socialpsykiatri-2019-2022.ttl", "municipalities.ttl")]
    )


def test_findings_are_escaped_and_shown_with_severity(tmp_path: Path) -> None:
    doc = "https://w3id.org/policygraph/id/doc/herlev-socialpsykiatri-2019-2022"
    findings = Findings(
        files=("herlev.ttl",),
        results=(
            Finding("violation", "Bad <b>thing</b> & more", doc, "http://purl.org/dc/terms/title"),
            Finding("warning", "Look here", doc + "/initiative-1.1", file="/x/herlev.ttl"),
        ),
    )
    index = report.write_report(tmp_path / "r", graph=herlev_only(), validation=findings)
    html = index.read_text(encoding="utf-8")
    assert "Bad &lt;b&gt;thing&lt;/b&gt; &amp; more" in html
    assert "<b>thing</b>" not in html
    assert '<span class="badge violation">1 violation(s)</span>' in html
    assert "<code>dcterms:title</code>" in html or "dcterms:title" in html
    assert '<a href="#doc-herlev-socialpsykiatri-2019-2022">' in html
    assert parse(index).errors == []


def test_an_earlier_report_is_replaced_whole(tmp_path: Path) -> None:
    out = tmp_path / "r"
    graph = herlev_only()
    empty = Findings(files=())
    report.write_report(out, graph=graph, validation=empty)
    (out / "figures" / "stale.svg").write_text("old", encoding="utf-8")
    report.write_report(out, graph=graph, validation=empty)
    assert not (out / "figures" / "stale.svg").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r"]  # no temporary leftovers


def test_a_failed_run_leaves_the_earlier_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "r"
    graph = herlev_only()
    empty = Findings(files=())
    report.write_report(out, graph=graph, validation=empty)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(analysis, "partner_network", broken)
    with pytest.raises(RuntimeError, match="boom"):
        report.write_report(out, graph=graph, validation=empty)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r"]


def test_a_directory_that_is_not_a_report_is_not_replaced(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(policygraph.ParameterError, match="not empty"):
        report.write_report(tmp_path, graph=herlev_only(), validation=Findings(files=()))
    assert (tmp_path / "keep.txt").read_text(encoding="utf-8") == "mine"
    result = CliRunner().invoke(main, ["report", "-o", str(tmp_path)])
    assert result.exit_code == 2, result.output
    assert "not empty" in result.output


def test_report_command(tmp_path: Path) -> None:
    files = [str(ROOT / "data" / f) for f in ("herlev-socialpsykiatri-2019-2022.ttl",)]
    result = CliRunner().invoke(main, ["report", "-o", str(tmp_path / "out"), *files])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == str(tmp_path / "out" / "index.html")
    assert (tmp_path / "out" / "figures" / "partners.svg").stat().st_size > 0


def test_a_graph_without_partners_reports_without_warnings(tmp_path: Path) -> None:
    # A steward's first file often names no partner yet: the partner figure is drawn
    # empty, and nothing (no matplotlib warning) reaches the terminal.
    minimal = (ROOT / "tests" / "shapes" / "valid" / "minimal-document.ttl").read_text("utf-8")
    partner = (
        "    pg:involvesPartner <https://w3id.org/policygraph/id/organisation/testforening> ;\n"
    )
    assert partner in minimal
    path = tmp_path / "no-partner.ttl"
    path.write_text(minimal.replace(partner, ""), encoding="utf-8")
    process = subprocess.run(
        [sys.executable, "-m", "policygraph", "report", "-o", str(tmp_path / "out"), str(path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert process.returncode == 0, process.stderr
    assert process.stderr == ""
    assert (tmp_path / "out" / "figures" / "partners.svg").stat().st_size > 0


# -- a real browser --------------------------------------------------------------------


class DevTools:
    """A minimal DevTools-protocol client over Chromium's ``--remote-debugging-pipe``."""

    def __init__(self, process: subprocess.Popen[bytes], write_fd: int, read_fd: int) -> None:
        self.process = process
        self.write_fd = write_fd
        self.read_fd = read_fd
        self.buffer = b""
        self.next_id = 0
        self.events: list[dict[str, Any]] = []

    def send(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self.write_fd, json.dumps(message).encode("utf-8") + b"\0")
        while True:
            reply = self.receive(timeout=30)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise AssertionError(f"{method}: {reply['error']}")
                return dict(reply.get("result", {}))
            self.events.append(reply)

    def receive(self, timeout: float) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while b"\0" not in self.buffer:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self.read_fd], [], [], max(0.0, left))
            if not ready:
                raise TimeoutError("no answer from Chromium")
            chunk = os.read(self.read_fd, 1 << 20)
            if not chunk:
                raise EOFError("Chromium closed the pipe")
            self.buffer += chunk
        message, _, self.buffer = self.buffer.partition(b"\0")
        return dict(json.loads(message))

    def wait_for(self, method: str, timeout: float = 30) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        for event in self.events:
            if event.get("method") == method:
                return event
        while True:
            event = self.receive(max(0.0, deadline - time.monotonic()))
            self.events.append(event)
            if event.get("method") == method:
                return event

    def drain(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                self.events.append(self.receive(left))
            except TimeoutError:
                return


@pytest.fixture
def chromium(tmp_path: Path) -> Iterator[DevTools]:
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if not binary:
        pytest.skip("chromium is not installed (apt-get install chromium; .ci/run does it)")
    to_browser_read, to_browser_write = os.pipe()
    from_browser_read, from_browser_write = os.pipe()

    def child_fds() -> None:
        # The browser reads commands on fd 3 and answers on fd 4. Copy the pipe ends above
        # 4 first, so that dup2 never meets its own fd (which would keep close-on-exec).
        commands = fcntl.fcntl(to_browser_read, fcntl.F_DUPFD, 10)
        answers = fcntl.fcntl(from_browser_write, fcntl.F_DUPFD, 10)
        os.dup2(commands, 3)
        os.dup2(answers, 4)

    process = subprocess.Popen(
        [
            binary,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--no-default-browser-check",
            "--hide-scrollbars",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--remote-debugging-pipe",
            "about:blank",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=child_fds,
        close_fds=False,  # fds 3 and 4 must survive exec; Python's own fds are not inheritable
    )
    os.close(to_browser_read)
    os.close(from_browser_write)
    client = DevTools(process, to_browser_write, from_browser_read)
    try:
        yield client
    finally:
        with contextlib.suppress(OSError, EOFError, TimeoutError, AssertionError):
            client.send("Browser.close")
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        os.close(to_browser_write)
        os.close(from_browser_read)


def test_chromium_loads_the_report_cleanly(built: Path, chromium: DevTools) -> None:
    target = chromium.send("Target.createTarget", url="about:blank")["targetId"]
    session = chromium.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
    for domain in ("Runtime", "Log", "Network", "Page"):
        chromium.send(f"{domain}.enable", session)
    chromium.send("Emulation.setDeviceMetricsOverride", session, width=1280, height=900,
                  deviceScaleFactor=1, mobile=False)  # fmt: skip
    url = (built / "index.html").as_uri()
    chromium.send("Page.navigate", session, url=url)
    chromium.wait_for("Page.loadEventFired")
    chromium.drain(1.0)

    events = [e for e in chromium.events if e.get("sessionId") == session]
    problems = []
    for event in events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            problems.append(f"console: {params.get('args')}")
        elif method == "Runtime.exceptionThrown":
            problems.append(f"exception: {params.get('exceptionDetails')}")
        elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
            problems.append(f"log: {params['entry'].get('text')} {params['entry'].get('url')}")
        elif method == "Network.loadingFailed":
            problems.append(f"failed: {params.get('errorText')} {params.get('requestId')}")
    assert problems == []
    requested = [
        e["params"]["request"]["url"]
        for e in events
        if e.get("method") == "Network.requestWillBeSent"
    ]
    assert url in requested
    assert all(u.startswith(("file://", "data:")) for u in requested), requested
    assert sum(1 for u in requested if u.endswith(".svg")) >= 6

    check = chromium.send(
        "Runtime.evaluate",
        session,
        returnByValue=True,
        expression="""JSON.stringify({
            title: document.title,
            images: [...document.images].map(i => [i.getAttribute('src'), i.complete,
                                                   i.naturalWidth, i.naturalHeight]),
            sections: [...document.querySelectorAll('main section')].map(s => s.id),
            height: document.documentElement.scrollHeight})""",
    )
    page = json.loads(check["result"]["value"])
    assert page["title"].startswith("policygraph report")
    assert page["images"], "no images"
    for src, complete, width, height in page["images"]:
        assert complete and width > 100 and height > 100, src
    assert page["sections"][:3] == ["overview", "documents", "coverage"]

    shot = chromium.send(
        "Page.captureScreenshot", session, format="png", captureBeyondViewport=True,
        clip={"x": 0, "y": 0, "width": 1280, "height": min(page["height"], 16000), "scale": 1},
    )  # fmt: skip
    png = base64.b64decode(shot["data"])
    assert png.startswith(b"\x89PNG") and len(png) > 50_000
    keep = os.environ.get("POLICYGRAPH_SCREENSHOT")  # a path to look at it afterwards
    (Path(keep) if keep else built.parent / "screenshot.png").write_bytes(png)
