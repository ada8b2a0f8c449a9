"""The hostile-input corpus: tests/hostile/cases/*.yaml, one case per file.

Each case names the files it needs (written inline, copied from the repository, or
generated: bombs are made at run time instead of being committed), how to break
them (a FIFO, a symbolic-link loop, ``/dev/zero`` behind a link, a read-only file),
an optional faulty server, and the command line to run. It declares::

    exit: 2                       # the documented exit code
    message: "a fragment"         # must appear in standard output or error
    writes: [out.csv, rep/]       # the only files that may change (default: none)

and optionally ``forbid`` (strings that must not be printed), ``expect`` (file ->
fragment after the run), ``symlinks`` (names that must still be links), ``parse``
(``xml`` or ``json``: standard output must parse) and ``mode`` (file -> permission
bits, with umask 022).

The command runs as ``python -m policygraph`` in a fresh copy of the case, in a
subprocess with a wall-clock limit, a CPU limit and an address-space limit, and with
an audit hook that records any network connection other than to 127.0.0.1. Every
case asserts: no traceback, the exit code, the message, no data written where none
should be, no network access.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import stat
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
import yaml

from ..conftest import ROOT
from ..servers import running_oxigraph
from .faults import faulty_server

CASES = Path(__file__).parent / "cases"
WALL_SECONDS = 90
CPU_SECONDS = 120
MEMORY_BYTES = 4 * 1024**3

# Runs first in the child: refuse and report any connection not to 127.0.0.1.
PRELUDE = """
import socket, sys
def _guard(event, args):
    if event == "socket.connect":
        address = args[1]
        host = address[0] if isinstance(address, tuple) else str(address)
        if host not in ("127.0.0.1", "::1", "localhost") and not str(host).startswith("/"):
            sys.stderr.write(f"NETWORK ACCESS to {address!r}\\n")
            raise OSError("network access refused by the hostile-corpus guard")
    elif event == "socket.getaddrinfo" and args[0] not in ("127.0.0.1", "localhost", None):
        sys.stderr.write(f"NETWORK ACCESS (name lookup) {args[0]!r}\\n")
        raise OSError("name lookup refused by the hostile-corpus guard")
sys.addaudithook(_guard)
sys.argv = ["policygraph", *sys.argv[1:]]
from policygraph.cli import main
main()
"""


def _cases() -> list[Path]:
    return sorted(CASES.glob("*.yaml"))


def _limit() -> None:
    os.umask(0o022)
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))


# -- building a case ---------------------------------------------------------------


def _generate(spec: dict[str, Any]) -> bytes:
    kind, n = spec["kind"], int(spec.get("n", 0))
    prefix = "@prefix ex: <http://example.org/> .\n"
    if kind == "long-literal":
        return (prefix + 'ex:a ex:p "' + "x" * n + '" .\n').encode()
    if kind == "nested":
        return (prefix + "ex:a ex:p " + "[ ex:q " * n + "ex:z" + " ]" * n + " .\n").encode()
    if kind == "deep-jsonld":  # objects nested n deep, on one line
        inner = '{"http://example.org/q": ' * n + '"z"' + "}" * n
        return ('{"@id": "http://example.org/a", "http://example.org/p": ' + inner + "}").encode()
    if kind == "nested-list":
        return (prefix + "ex:a ex:p " + "( " * n + "ex:z" + " )" * n + " .\n").encode()
    if kind == "collection":
        return (prefix + "ex:a ex:p (" + " ".join(f'"{i}"' for i in range(n)) + ") .\n").encode()
    if kind == "wide":
        return (prefix + "ex:a ex:p " + " , ".join(f"ex:o{i}" for i in range(n)) + " .\n").encode()
    if kind == "subjects":
        return (prefix + "".join(f"ex:s{i} ex:p ex:o{i} .\n" for i in range(n))).encode()
    if kind == "zip-bomb":  # an .xlsx whose one member unzips to n MB
        import io
        import zipfile

        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("xl/worksheets/sheet1.xml", b" " * (n * 1_000_000))
        return buffer.getvalue()
    if kind == "big-query":
        return ("SELECT * WHERE { ?s ?p ?o } #" + "x" * n + "\n").encode()
    if kind == "deep-query":
        return ("SELECT * WHERE " + "{ " * n + "?s ?p ?o" + " }" * n + "\n").encode()
    if kind == "deep-expression":
        return ("SELECT * WHERE { FILTER(" + "(" * n + "true" + ")" * n + ") }\n").encode()
    if kind == "deep-saved-query":
        body = "SELECT ?s WHERE { ?s ?p ?o FILTER(" + "(" * n + "true" + ")" * n + ") }\n"
        return ("#+ summary: nested\n" + body).encode()
    if kind == "text":
        return str(spec["text"]).encode(spec.get("encoding", "utf-8"))
    raise ValueError(f"unknown generator {kind!r}")


def _build(case: dict[str, Any], where: Path) -> None:
    for name, content in (case.get("files") or {}).items():
        path = where / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, dict) and "copy" in content:
            text = (ROOT / content["copy"]).read_text(encoding="utf-8")
            for old, new in content.get("replace", []):
                assert old in text, (name, old)
                text = text.replace(old, new)
            path.write_text(text, encoding="utf-8")
        elif isinstance(content, dict):
            path.write_bytes(_generate(content))
        else:
            path.write_text(str(content), encoding="utf-8")
    for step in case.get("setup") or []:
        ((action, value),) = step.items()
        if action == "fifo":
            (where / value).parent.mkdir(parents=True, exist_ok=True)
            os.mkfifo(where / value)
        elif action == "symlink":
            link, target = value
            (where / link).parent.mkdir(parents=True, exist_ok=True)
            os.symlink(target, where / link)
        elif action == "hardlink":
            os.link(where / value[1], where / value[0])
        elif action == "chmod":
            os.chmod(where / value[0], int(str(value[1]), 8))
        else:
            raise ValueError(f"unknown setup step {action!r}")


def _snapshot(where: Path) -> dict[str, str]:
    state = {}
    for path in sorted(where.rglob("*")):
        info = path.lstat()
        name = str(path.relative_to(where))
        if stat.S_ISLNK(info.st_mode):
            state[name] = "link:" + os.readlink(path)
        elif stat.S_ISREG(info.st_mode):
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            state[name] = f"file:{digest}:{stat.S_IMODE(info.st_mode):o}"
        elif stat.S_ISDIR(info.st_mode):
            state[name] = "dir"
        else:
            state[name] = "special"
    return state


def _arguments(case: dict[str, Any], places: dict[str, str]) -> list[str | bytes]:
    args: list[str | bytes] = []
    for raw in case["args"]:
        text = str(raw)
        if text.startswith("hex:"):
            args.append(bytes.fromhex(text[4:]))
            continue
        for key, value in places.items():
            text = text.replace("{" + key + "}", value)
        args.append(text)
    return args


@pytest.fixture(scope="module")
def environment() -> Iterator[dict[str, str]]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("POLICYGRAPH_") and "proxy" not in key.lower()
    }
    env.update({"COLUMNS": "100", "NO_COLOR": "1", "PYTHONDONTWRITEBYTECODE": "1"})
    yield env


@pytest.mark.parametrize("path", _cases(), ids=[p.stem for p in _cases()])
def test_case(path: Path, tmp_path: Path, environment: dict[str, str]) -> None:
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    where = tmp_path / "case"
    where.mkdir()
    _build(case, where)
    with ExitStack() as stack:
        places = {"case": str(where)}
        if case.get("server") == "oxigraph":
            server = stack.enter_context(running_oxigraph(tmp_path / "store"))
            places.update(store=server.store_url, endpoint=server.query_url)
        elif case.get("server"):
            places["server"] = stack.enter_context(faulty_server(case["server"]))
        if case.get("endpoint-server"):
            places["endpoint"] = stack.enter_context(faulty_server(case["endpoint-server"]))
        if "{closed}" in json.dumps(case["args"]):
            from ..servers import free_port

            places["closed"] = f"http://127.0.0.1:{free_port()}"
        before = _snapshot(where)
        env = dict(environment, **{k: str(v) for k, v in (case.get("env") or {}).items()})
        # validate's result cache is a write of its own: kept outside the case directory
        env.setdefault("POLICYGRAPH_CACHE_DIR", str(tmp_path / "cache"))
        stdin = case.get("stdin")
        try:
            done = subprocess.run(
                [sys.executable, "-c", PRELUDE, *_arguments(case, places)],
                cwd=where,
                env=env,
                input=stdin.encode("utf-8") if isinstance(stdin, str) else b"",
                capture_output=True,
                timeout=WALL_SECONDS,
                preexec_fn=_limit,
            )
        except subprocess.TimeoutExpired:
            pytest.fail(f"{path.name}: no answer within {WALL_SECONDS} s (a hang)")
    out = done.stdout.decode("utf-8", "replace")
    err = done.stderr.decode("utf-8", "replace")
    shown = f"exit {done.returncode}\n--- stdout\n{out[:3000]}\n--- stderr\n{err[:3000]}"
    assert "Traceback" not in out + err, shown
    assert "NETWORK ACCESS" not in err, shown
    assert done.returncode == case["exit"], shown
    assert str(case["message"]) in out + err, shown
    for text in case.get("forbid") or []:
        assert text not in out + err, (text, shown)
    after = _snapshot(where)
    allowed = set(case.get("writes") or [])
    changed = {
        name
        for name in set(before) | set(after)
        if before.get(name) != after.get(name)
        and name not in allowed
        and not any(name.startswith(a) for a in allowed if a.endswith("/"))
    }
    assert not changed, (f"written where nothing should be: {sorted(changed)}", shown)
    for name, fragment in (case.get("expect") or {}).items():
        assert fragment in (where / name).read_text(encoding="utf-8"), (name, fragment)
    for name in case.get("symlinks") or []:
        assert (where / name).is_symlink(), name
    for name, mode in (case.get("mode") or {}).items():
        assert stat.S_IMODE((where / name).stat().st_mode) == int(str(mode), 8), name
    if case.get("parse") == "xml":
        ET.fromstring(done.stdout)
    elif case.get("parse") == "json":
        json.loads(done.stdout)


def test_corpus_is_large_and_varied() -> None:
    cases = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in _cases()]
    assert len(cases) >= 120
    assert {c["exit"] for c in cases} >= {0, 1, 2, 3, 4, 5}
    for case in cases:
        assert case.get("why"), case
