"""A real headless Chromium uses the web application: home page, the
principle-initiatives form (principle 5, Helsingør), its results; no console
errors, no CSP violations, no request leaves 127.0.0.1; screenshots at 1280 and
390 px are kept in ``artefacts/`` (git-ignored).
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import policygraph
from policygraph.web import create_app

from .servers import running_app
from .test_report import DevTools, chromium

__all__ = ["chromium"]  # the fixture, shared with the report's browser test

ROOT = Path(__file__).resolve().parents[1]
ARTEFACTS = Path(os.environ.get("POLICYGRAPH_ARTEFACTS", ROOT / "artefacts"))


@pytest.fixture(scope="module")
def base(graph: policygraph.PolicyGraph) -> Iterator[str]:
    with running_app(create_app(graph)) as url:
        yield url


class Tab:
    """One page target of the browser, with the events seen since it opened."""

    def __init__(self, browser: DevTools, width: int, mobile: bool) -> None:
        self.browser = browser
        target = browser.send("Target.createTarget", url="about:blank")["targetId"]
        self.session = browser.send("Target.attachToTarget", targetId=target, flatten=True)[
            "sessionId"
        ]
        for domain in ("Runtime", "Log", "Network", "Page"):
            browser.send(f"{domain}.enable", self.session)
        self.resize(width, mobile)

    def resize(self, width: int, mobile: bool) -> None:
        self.browser.send("Emulation.setDeviceMetricsOverride", self.session, width=width,
                          height=900, deviceScaleFactor=1, mobile=mobile)  # fmt: skip

    def events(self) -> list[dict[str, Any]]:
        return [e for e in self.browser.events if e.get("sessionId") == self.session]

    def loads(self) -> int:
        return sum(1 for e in self.events() if e.get("method") == "Page.loadEventFired")

    def wait_for_load(self, before: int, timeout: float = 30) -> None:
        import time

        deadline = time.monotonic() + timeout
        while self.loads() <= before:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("the page did not load")
            try:
                self.browser.events.append(self.browser.receive(left))
            except TimeoutError:
                break
        self.browser.drain(0.3)

    def go(self, url: str) -> None:
        before = self.loads()
        self.browser.send("Page.navigate", self.session, url=url)
        self.wait_for_load(before)

    def run(self, expression: str) -> Any:
        answer = self.browser.send(
            "Runtime.evaluate", self.session, expression=expression, returnByValue=True
        )
        if "exceptionDetails" in answer:
            raise AssertionError(answer["exceptionDetails"])
        return answer["result"].get("value")

    def act(self, expression: str) -> None:
        """Run ``expression``, which navigates, and wait for the new page."""
        before = self.loads()
        self.run(expression)
        self.wait_for_load(before)

    def screenshot(self, path: Path, width: int) -> bytes:
        height = int(self.run("document.documentElement.scrollHeight"))
        shot = self.browser.send(
            "Page.captureScreenshot", self.session, format="png", captureBeyondViewport=True,
            clip={"x": 0, "y": 0, "width": width, "height": min(height, 8000), "scale": 1},
        )  # fmt: skip
        png = base64.b64decode(shot["data"])
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(png)
        return png

    def problems(self) -> list[str]:
        found = []
        for event in self.events():
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                found.append(f"console: {params.get('args')}")
            elif method == "Runtime.exceptionThrown":
                found.append(f"exception: {params.get('exceptionDetails')}")
            elif method == "Log.entryAdded" and params["entry"]["level"] in ("error", "warning"):
                found.append(f"log: {params['entry'].get('text')} {params['entry'].get('url')}")
            elif method == "Network.loadingFailed":
                found.append(f"failed: {params.get('errorText')} {params.get('requestId')}")
            elif method == "Network.responseReceived" and params["response"]["status"] >= 400:
                found.append(f"HTTP {params['response']['status']}: {params['response']['url']}")
        return found

    def requested(self) -> list[str]:
        return [
            e["params"]["request"]["url"]
            for e in self.events()
            if e.get("method") == "Network.requestWillBeSent"
        ]


def test_browser_runs_principle_initiatives_for_helsingoer(
    base: str, chromium: DevTools, graph: policygraph.PolicyGraph
) -> None:
    expected = graph.query("principle-initiatives", principle=5, municipality="Helsingør")
    tab = Tab(chromium, 1280, mobile=False)
    tab.go(base + "/")
    assert tab.run("document.title").startswith("policygraph")
    tab.screenshot(ARTEFACTS / "serve-home-1280.png", 1280)
    tab.act("document.querySelector('a[href=\"/queries/principle-initiatives\"]').click()")
    assert tab.run("location.pathname") == "/queries/principle-initiatives"
    options = json.loads(
        tab.run(
            "JSON.stringify([...document.querySelectorAll('select[name=principle] option')]"
            ".map(o => [o.value, o.textContent]))"
        )
    )
    # The drop-down shows notation and English label (ontology/vocab/recovery-principles.ttl).
    assert ["5", "5 Help the citizens as early as possible"] in options
    tab.run("document.querySelector('select[name=principle]').value = '5'")
    labels = json.loads(
        tab.run(
            "JSON.stringify([...document.querySelectorAll('select[name=municipality] option')]"
            ".map(o => [o.value, o.textContent]))"
        )
    )
    assert ["helsingoer", "Helsingør Kommune"] in labels
    tab.run("document.querySelector('select[name=municipality]').value = 'helsingoer'")
    tab.act("document.querySelector('#query-form button[type=submit]').click()")

    page = json.loads(
        tab.run("""JSON.stringify({
            url: location.href,
            count: document.querySelector('#row-count').textContent,
            initiatives: [...document.querySelectorAll('td[data-column=initiative] a')]
                .map(a => a.getAttribute('href')),
            documents: [...document.querySelectorAll('td[data-column=document] a')]
                .map(a => a.textContent),
            share: document.querySelector('#share').getAttribute('href'),
            width: document.documentElement.scrollWidth})""")
    )
    assert "principle=5" in page["url"] and "municipality=helsingoer" in page["url"]
    assert int(page["count"]) == len(expected) > 0
    assert page["initiatives"] == [
        "/id/" + str(i).removeprefix("https://w3id.org/policygraph/id/")
        for i in expected.column("initiative")
    ]
    title = "Psychiatry policy and action plan for Helsingør Municipality"
    assert set(page["documents"]) == {title}
    assert page["width"] <= 1280
    tab.screenshot(ARTEFACTS / "serve-query-1280.png", 1280)

    # The same page on a phone: nothing wider than the screen but the table's own scroller.
    tab.resize(390, mobile=True)
    tab.go(base + page["share"])
    assert int(tab.run("document.querySelector('#row-count').textContent")) == len(expected)
    assert int(tab.run("document.documentElement.scrollWidth")) <= 390
    tab.screenshot(ARTEFACTS / "serve-query-390.png", 390)

    # A document page and the report, also under the application's CSP.
    tab.resize(1280, mobile=False)
    tab.go(base + "/id/doc/helsingoer-psykiatripolitik")
    assert tab.run("document.querySelectorAll('article.focusarea').length") == 4
    tab.go(base + "/sparql")
    tab.act("document.querySelector('.sparql-form button').click()")
    # The example query: one row per policy document, with its English title.
    rows = tab.run("document.querySelectorAll('#results tbody tr').length")
    assert rows == len(graph.documents())
    tab.go(base + "/report/")
    assert tab.run("[...document.images].every(i => i.complete && i.naturalWidth > 0)")

    assert tab.problems() == []
    requested = tab.requested()
    assert requested and all(url.startswith(base + "/") for url in requested), requested
