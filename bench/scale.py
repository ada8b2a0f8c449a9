"""Benchmark: how every step grows from the real data to national scale and beyond.

For each scale N (municipalities; N=1 is the real ``data/``, larger N a dataset from
``bench/synth.py``) it prints, per step, the median wall time over ``--runs`` runs
and the peak RSS of the process that ran it:

* load: ``policygraph.load()`` on pyoxigraph, and a raw ``pyoxigraph`` parse of the
  same files into a store (the floor ``load`` is compared with);
* every saved query on pyoxigraph and on rdflib, each engine in one worker process
  (loaded once); a query faster than a second runs until it has taken one (at most
  15 times, at least ``--runs``); a query slower than ``--cap`` seconds is reported
  as ``> cap`` and the worker is replaced, so one slow query cannot hang the run;
* ``policygraph validate`` of the whole directory and of one document as cold
  processes (``--no-cache``), and with a warm cache after one file changed;
* ``policygraph report`` and each ``policygraph analyse`` command as cold processes.

Then a summary with the growth factor of every step between consecutive scales
(time at this scale / time at the previous one) next to the growth of the triples,
and every step but the warm-cache validation timed once more at the two largest
scales, alternating between the scales step by step (load, the raw parse and the saved
queries in two loaded workers, then each cold process), so that their growth factors do
not depend on how fast a shared machine happened to be minutes apart (``--no-paired``
skips this).

Usage: python bench/scale.py [--scales 1,10,98,500] [--runs 3] [--cap 10] [--quick]
"""

from __future__ import annotations

import argparse
import functools
import itertools
import json
import os
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parents[1]
FAST_RUNS = 15  # runs of a query that takes well under a second (the median is reported)
sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth  # noqa: E402

if TYPE_CHECKING:
    import policygraph


@dataclass
class Measure:
    """A step's median seconds (or the cap it exceeded) and its process's peak RSS."""

    seconds: float | None
    rss_mb: float | None = None
    capped: float | None = None  # the cap, when the step did not finish within it
    note: str = ""
    cpu: float | None = None  # CPU seconds of the process (user + system), cold steps

    def cpu_text(self) -> str:
        return f" cpu {self.cpu:.1f} s" if self.cpu is not None else ""

    def time_text(self) -> str:
        if self.capped is not None:
            return f"> {self.capped:g} s"
        if self.seconds is None:
            return "-"
        return f"{self.seconds * 1000:.0f} ms" if self.seconds < 1 else f"{self.seconds:.2f} s"

    def text(self) -> str:
        rss = f" ({self.rss_mb:.0f} MB{self.cpu_text()})" if self.rss_mb is not None else ""
        return self.time_text() + rss + (f" {self.note}" if self.note else "")


@dataclass
class Scale:
    n: int
    data: Path
    files: int = 0
    megabytes: float = 0.0
    triples: int = 0
    steps: dict[str, Measure] = field(default_factory=dict)


# ---------------------------------------------------------------------------
# Processes
# ---------------------------------------------------------------------------


def run_process(
    command: list[str], cap: float, cwd: Path | None = None
) -> tuple[float, float, int | None, float]:
    """Run a command: (seconds, peak RSS MB, exit code or None if killed at ``cap``, CPU s).

    A run that ends with a Python traceback counts as exit code 99 (a crash exits 1,
    like a non-conforming ``validate``).
    """
    start = time.perf_counter()
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, cwd=cwd)
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                process.returncode = os.waitstatus_to_exitcode(status)
                break
            if time.perf_counter() - start > cap:
                process.kill()
                _, _, usage = os.wait4(process.pid, 0)
                process.returncode = -9
                cpu = usage.ru_utime + usage.ru_stime
                return time.perf_counter() - start, usage.ru_maxrss / 1024, None, cpu
            time.sleep(0.01)
        errors.seek(0)
        crashed = b"Traceback (most recent call last)" in errors.read()
    cpu = usage.ru_utime + usage.ru_stime
    code = 99 if crashed else process.returncode
    return time.perf_counter() - start, usage.ru_maxrss / 1024, code, cpu


#: A cold step slower than this is not repeated (its one run is reported).
SLOW = 30.0


def cold(command: list[str], runs: int, cap: float, cwd: Path | None = None) -> Measure:
    """Median of ``runs`` cold runs (one run if it reaches ``cap`` or takes over SLOW s)."""
    times, peaks, codes, cpus = [], [], set(), []
    for _ in range(runs):
        seconds, rss, code, cpu = run_process(command, cap, cwd)
        peaks.append(rss)
        if code is None:
            return Measure(None, max(peaks), capped=cap, cpu=cpu)
        times.append(seconds)
        cpus.append(cpu)
        codes.add(code)
        if seconds > SLOW:
            break
    notes = [] if codes <= {0, 1} else [f"exit {sorted(codes)}"]
    if len(times) < runs:
        notes.append("(1 run)")
    median = statistics.median(times)
    cpu = statistics.median(cpus)
    return Measure(median, max(peaks), note=" ".join(notes), cpu=cpu)


def worker_command(*args: str) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), "--worker", *args]


def stream_worker(
    args: list[str], cap: float, first_cap: float | None = None
) -> tuple[list[dict[str, object]], float, bool]:
    """Run a worker that prints one JSON line per result; kill it when a line takes > cap
    (the first line, the worker's loading, > ``first_cap`` if given).

    Returns (lines, peak RSS MB, killed).
    """
    process = subprocess.Popen(worker_command(*args), stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    lines: list[dict[str, object]] = []
    killed = False
    while True:
        wait = first_cap if first_cap is not None and not lines else cap
        ready, _, _ = select.select([process.stdout], [], [], wait)
        if not ready:
            process.kill()
            killed = True
            break
        line = process.stdout.readline()
        if not line:
            break
        lines.append(json.loads(line))
    process.stdout.close()
    _, _, usage = os.wait4(process.pid, 0)
    return lines, usage.ru_maxrss / 1024, killed


# ---------------------------------------------------------------------------
# Workers (run in their own processes)
# ---------------------------------------------------------------------------


def timed_query(
    graph: policygraph.PolicyGraph,
    query: policygraph.SavedQuery,
    runs: int,
    budget: float,
    cap: float = float("inf"),
) -> dict[str, object]:
    """A saved query with its example parameters: its median seconds and its rows.

    At least ``runs`` runs; a fast query runs on until it has taken ``budget`` seconds
    (at most FAST_RUNS times), so that its median is not one noisy millisecond. No run
    starts that would end after ``cap`` seconds in all.
    """
    params = query.example_params()
    times: list[float] = []
    while len(times) < runs or (sum(times) < budget and len(times) < FAST_RUNS):
        start = time.perf_counter()
        result = graph.query(query.name, **params)
        times.append(time.perf_counter() - start)
        if sum(times) + times[0] > cap:  # the next run would not finish in time
            break
    return {"query": query.name, "seconds": statistics.median(times), "rows": len(result)}


def raw_parse(data: Path):  # type: ignore[no-untyped-def]
    """A raw pyoxigraph parse of the files ``load`` reads: what it is compared with."""
    import pyoxigraph as ox

    from policygraph import resources

    files = [resources.ontology_file(), *resources.vocabulary_files()]
    files += sorted(p for p in data.glob("*.ttl"))

    def raw() -> None:
        store = ox.Store()
        for path in files:
            graph = ox.NamedNode("https://w3id.org/policygraph/graph/" + path.stem)
            store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=graph)

    return raw


def worker(argv: list[str]) -> None:
    kind, data, runs_text = argv[0], Path(argv[1]), argv[2]
    runs = int(runs_text)
    import policygraph

    def emit(record: dict[str, object]) -> None:
        print(json.dumps(record), flush=True)

    def timed(action, count: int) -> float:  # type: ignore[no-untyped-def]
        times = []
        for _ in range(count):
            start = time.perf_counter()
            action()
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    def cpu_timed(action, count: int) -> float:  # type: ignore[no-untyped-def]
        times = []
        for _ in range(count):
            start = time.process_time()
            action()
            times.append(time.process_time() - start)
        return statistics.median(times)

    if kind == "load":
        emit(
            {
                "seconds": timed(lambda: policygraph.load([data]), runs),
                "cpu": cpu_timed(lambda: policygraph.load([data]), runs),
            }
        )
        graph = policygraph.load([data])
        emit({"triples": sum(1 for _ in graph.backend.quads())})
    elif kind == "raw":
        raw = raw_parse(data)
        emit({"seconds": timed(raw, runs), "cpu": cpu_timed(raw, runs)})
    elif kind in ("oxigraph", "rdflib"):
        skip = int(argv[3])
        start = time.perf_counter()
        graph = policygraph.load([data], engine=kind)
        emit({"load": time.perf_counter() - start})
        cap = float(argv[4])
        for query in policygraph.saved_queries()[skip:]:
            emit(timed_query(graph, query, runs, budget=1.0, cap=cap))
    elif kind == "paired":
        # Loaded once; then each step read from stdin (a query name, or "load" or
        # "raw" to load the files again) is timed and answered with one line, so that
        # the parent can alternate two scales step by step.
        start = time.perf_counter()
        graph = policygraph.load([data])
        emit({"load": time.perf_counter() - start})
        queries = {query.name: query for query in policygraph.saved_queries()}
        loads = {"load": lambda: policygraph.load([data]), "raw": raw_parse(data)}
        assert set(loads) == set(PAIRED_LOADS)
        for line in sys.stdin:
            name = line.strip()
            if name in loads:
                emit({"seconds": timed(loads[name], runs)})
            else:
                emit(timed_query(graph, queries[name], runs, budget=0.5))
    else:
        raise SystemExit(f"unknown worker {kind}")


# ---------------------------------------------------------------------------
# The steps
# ---------------------------------------------------------------------------


def policygraph_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "policygraph", *args]


def validate_supports(option: str) -> bool:
    result = subprocess.run(
        policygraph_command("validate", "--help"), capture_output=True, text=True, check=False
    )
    return option in result.stdout


def query_steps(scale: Scale, engine: str, runs: int, cap: float, load_cap: float) -> None:
    """Every saved query on ``engine``; a worker whose query exceeds ``cap`` is replaced
    (its loading may take ``load_cap``, and is not counted against a query)."""
    names = [q.name for q in _saved_queries()]
    load_step = f"load ({engine} engine, query worker)"
    skip = 0
    while skip < len(names):
        command = [engine, str(scale.data), str(runs), str(skip), str(cap)]
        lines, rss, killed = stream_worker(command, cap, load_cap)
        for line in lines:
            if "load" in line:
                scale.steps.setdefault(load_step, Measure(float(line["load"]), rss))  # type: ignore[arg-type]
                continue
            name = str(line["query"])
            step = f"query {name} [{engine}]"
            scale.steps[step] = Measure(float(line["seconds"]), rss)  # type: ignore[arg-type]
            print(
                f"  {step:44} {scale.steps[step].time_text():>10}  {line['rows']} rows", flush=True
            )
            skip = names.index(name) + 1
        if not killed:
            return
        if not lines:  # cut off while loading: no query can be measured
            scale.steps[load_step] = Measure(None, rss, capped=load_cap)
            print(
                f"  {engine}: loading took more than {load_cap:g} s; its queries are skipped",
                flush=True,
            )
            return
        step = f"query {names[skip]} [{engine}]"
        scale.steps[step] = Measure(None, rss, capped=cap)
        print(f"  {step:44} {scale.steps[step].time_text():>10}", flush=True)
        skip += 1


#: The loading steps a paired worker times besides the saved queries.
PAIRED_LOADS = {
    "load": "load (policygraph.load, pyoxigraph)",
    "raw": "raw pyoxigraph parse (Store.bulk_load)",
}


class PairedWorker:
    """A ``paired`` worker: loaded once, it times the steps it is sent one by one."""

    def __init__(self, data: Path, runs: int, cap: float, load_cap: float) -> None:
        self.cap, self.load_cap = cap, load_cap
        self.process = subprocess.Popen(
            worker_command("paired", str(data), str(runs)),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        # The load line, waited for as long as a cold process may take; were it read
        # late, the first query would be answered with it.
        self.loaded = self.read(load_cap) is not None

    def read(self, cap: float) -> dict[str, object] | None:
        assert self.process.stdout is not None
        ready, _, _ = select.select([self.process.stdout], [], [], cap)
        line = self.process.stdout.readline() if ready else ""
        return json.loads(line) if line else None

    def time(self, name: str) -> float | None:
        assert self.process.stdin is not None
        self.process.stdin.write(name + "\n")
        self.process.stdin.flush()
        answer = self.read(self.cap_for(name))
        return float(str(answer["seconds"])) if answer else None

    def cap_for(self, name: str) -> float:
        """How long step ``name`` may take (loading may take as long as a cold process)."""
        return self.load_cap if name in PAIRED_LOADS else self.cap

    def close(self) -> None:
        self.process.kill()
        self.process.wait()


def _alternate(
    timers: list[Callable[[], float | None]], runs: int, slow: float = float("inf")
) -> tuple[float, float] | None:
    """The median seconds of two timers called in turn, ``runs`` rounds (the last one
    a round in which a run took over ``slow`` seconds); None once a timer gives None
    (it was cut off)."""
    times: list[list[float]] = [[], []]
    for _ in range(runs):
        for timer, found in zip(timers, times, strict=True):
            seconds = timer()
            if seconds is None:
                return None
            found.append(seconds)
        if max(times[0][-1], times[1][-1]) > slow:
            break
    return statistics.median(times[0]), statistics.median(times[1])


def _cold_timer(command: list[str], cap: float) -> Callable[[], float | None]:
    def timer() -> float | None:
        seconds, _, code, _ = run_process(command, cap)
        return None if code is None else seconds

    return timer


def _paired_row(step: str, small: float, large: float) -> list[str]:
    """A row of the paired table (printed as it is measured)."""
    growth = f"{large / small:.2f}"
    small_text, large_text = Measure(small).time_text(), Measure(large).time_text()
    print(f"  {step:44} {small_text:>8} {large_text:>8}  x {growth}", flush=True)
    return [step, small_text, large_text, growth]


def paired_growth(a: Scale, b: Scale, args: argparse.Namespace, work: Path) -> None:
    """Load, the raw parse, every saved query and the cold-process steps at two scales,
    alternating between the scales step by step.

    The growth factors of the main table compare measurements taken minutes apart; on a
    shared machine the speed drifts by tens of percent in that time. Here each step
    runs at N=a and at N=b in turn, ``runs`` rounds, so that both medians come from the
    same minutes (loading and queries in two loaded workers, then each cold process).
    A query over ``cap`` (``load_cap`` for loading) at either scale ends the workers'
    part; the steps measured before it are shown.
    """
    from tabulate import tabulate

    runs, cap, load_cap = args.runs, args.cap, args.process_cap
    names = [q.name for q in _saved_queries()]
    print(f"\nPaired growth, N={a.n} and N={b.n} alternating ({runs} rounds):", flush=True)
    workers = [(a, PairedWorker(a.data, runs, cap, load_cap))]
    workers.append((b, PairedWorker(b.data, runs, cap, load_cap)))
    rows: list[list[str]] = []
    try:
        for scale, worker in workers:
            if not worker.loaded:
                print(f"  N={scale.n}: loading took over {load_cap:g} s; no paired timing")
                return
        steps = dict(PAIRED_LOADS)
        steps.update((name, f"query {name} [oxigraph]") for name in names)
        for name, step in steps.items():
            timers = [functools.partial(worker.time, name) for _, worker in workers]
            medians = _alternate(timers, runs)
            if medians is None:
                limit = workers[0][1].cap_for(name)
                print(f"  {name}: over {limit:g} s at one scale; paired timing stops")
                break
            rows.append(_paired_row(step, *medians))
    finally:
        for _, worker in workers:
            worker.close()
    no_cache = validate_supports("--no-cache")
    commands = [cold_commands(scale, work, no_cache) for scale in (a, b)]
    for step in commands[0]:
        medians = _alternate([_cold_timer(c[step], load_cap) for c in commands], runs, SLOW)
        if medians is None:
            print(f"  {step}: over {load_cap:g} s; not paired")
            continue
        rows.append(_paired_row(step, *medians))
    print()
    headers = ["step", f"N={a.n}", f"N={b.n}", f"x {b.n}/{a.n}"]
    print(tabulate(rows, headers=headers, disable_numparse=True, tablefmt="github"))


def _saved_queries():  # type: ignore[no-untyped-def]
    import policygraph

    return policygraph.saved_queries()


def measure(scale: Scale, args: argparse.Namespace, work: Path) -> None:
    def show(name: str, m: Measure) -> None:
        scale.steps[name] = m
        print(f"  {name:44} {m.text()}", flush=True)

    files = sorted(scale.data.glob("*.ttl"))
    documents = [p for p in files if p.name not in synth.CONTEXT_FILES]
    scale.files = len(documents)
    scale.megabytes = sum(p.stat().st_size for p in files) / 1e6
    runs = args.runs

    lines, rss, _ = stream_worker(["load", str(scale.data), str(runs)], args.process_cap)
    scale.triples = int(lines[1]["triples"]) if len(lines) > 1 else 0  # type: ignore[call-overload]
    print(
        f"N={scale.n}: {scale.files} documents, {scale.megabytes:.1f} MB, "
        f"{scale.triples} triples (with the model)",
        flush=True,
    )
    load = (
        Measure(float(lines[0]["seconds"]), rss, cpu=float(lines[0]["cpu"]))
        if lines
        else Measure(None, rss, capped=args.process_cap)
    )  # type: ignore[arg-type]
    show("load (policygraph.load, pyoxigraph)", load)
    lines, rss, _ = stream_worker(["raw", str(scale.data), str(runs)], args.process_cap)
    raw = Measure(float(lines[0]["seconds"]), rss, cpu=float(lines[0]["cpu"]))  # type: ignore[arg-type]
    show("raw pyoxigraph parse (Store.bulk_load)", raw)
    if load.seconds and raw.seconds and load.cpu and raw.cpu:
        ratio = f"{load.seconds / raw.seconds:.2f}x wall, {load.cpu / raw.cpu:.2f}x CPU"
        print(f"  {'load / raw parse':44} {ratio}", flush=True)

    query_steps(scale, "oxigraph", runs, args.cap, args.process_cap)
    if scale.n > args.rdflib_max:
        print(f"  rdflib queries skipped (N > --rdflib-max {args.rdflib_max})", flush=True)
    else:
        query_steps(scale, "rdflib", runs, args.cap, args.process_cap)

    no_cache = validate_supports("--no-cache")
    print(f"  (one document: {biggest_document(scale).name})", flush=True)
    commands = cold_commands(scale, work, no_cache)
    for step in ("validate all, cold", "validate one document, cold"):
        show(step, cold(commands[step], runs, args.process_cap))
    if no_cache:
        cache = work / f"cache-{scale.n}"
        command = policygraph_command("validate", "--cache-dir", str(cache), str(scale.data))
        run_process(command, 4 * args.process_cap)  # fill the cache
        changed = documents[len(documents) // 2]
        times, peaks, cpus = [], [], []
        for run in range(runs):
            with changed.open("a", encoding="utf-8") as handle:
                handle.write(f"# bench/scale.py: changed (run {run})\n")
            seconds, peak, _, cpu = run_process(command, args.process_cap)
            times.append(seconds)
            peaks.append(peak)
            cpus.append(cpu)
        show(
            "validate all, warm cache, one file changed",
            Measure(statistics.median(times), max(peaks), cpu=statistics.median(cpus)),
        )

    for step in ("report", *(f"analyse {name}" for name in ANALYSES)):
        show(step, cold(commands[step], runs, args.process_cap))


ANALYSES = ("similarity", "partners", "communities", "coverage", "export")


def biggest_document(scale: Scale) -> Path:
    """The largest document file of ``scale``: the "validate one document" step's."""
    documents = [p for p in scale.data.glob("*.ttl") if p.name not in synth.CONTEXT_FILES]
    return max(documents, key=lambda p: (p.stat().st_size, p.name))


def cold_commands(scale: Scale, work: Path, no_cache: bool) -> dict[str, list[str]]:
    """The command line of each cold-process step at ``scale`` (by step name)."""
    biggest = biggest_document(scale)
    flags = ["--no-cache"] if no_cache else []
    out = work / f"report-{scale.n}"
    commands = {
        "validate all, cold": policygraph_command("validate", *flags, str(scale.data)),
        "validate one document, cold": policygraph_command("validate", *flags, str(biggest)),
        "report": policygraph_command("report", "--no-cache", "-o", str(out), str(scale.data)),
    }
    for name in ANALYSES:
        commands[f"analyse {name}"] = policygraph_command("analyse", name, str(scale.data))
    return commands


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------


def summary(scales: list[Scale]) -> None:
    from tabulate import tabulate

    steps: list[str] = []
    for s in scales:
        steps += [k for k in s.steps if k not in steps]
    headers = ["step", *(f"N={s.n}" for s in scales)]
    headers += [f"x {b.n}/{a.n}" for a, b in itertools.pairwise(scales)]
    rows = [
        ["documents", *(s.files for s in scales), *("" for _ in scales[1:])],
        ["MB of Turtle", *(f"{s.megabytes:.1f}" for s in scales), *("" for _ in scales[1:])],
        [
            "triples (with model)",
            *(s.triples for s in scales),
            *(
                f"{b.triples / a.triples:.2f}" if a.triples else ""
                for a, b in itertools.pairwise(scales)
            ),
        ],
    ]
    for step in steps:
        cells = [s.steps[step].text() if step in s.steps else "" for s in scales]
        growth = []
        for a, b in itertools.pairwise(scales):
            ma, mb = a.steps.get(step), b.steps.get(step)
            if ma and mb and ma.seconds and mb.seconds:
                growth.append(f"{mb.seconds / ma.seconds:.2f}")
            elif ma and mb and ma.seconds and mb.capped:
                growth.append(f"> {mb.capped / ma.seconds:.1f}")
            else:
                growth.append("")
        rows.append([step, *cells, *growth])
    print()
    print(tabulate(rows, headers=headers, disable_numparse=True, tablefmt="github"))


def main() -> None:
    if sys.argv[1:2] == ["--worker"]:
        worker(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--scales", default="1,10,98,500", help="comma-separated N (1 = the real data)"
    )
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument(
        "--cap", type=float, default=10.0, help="seconds per saved query before it is cut off"
    )
    parser.add_argument(
        "--process-cap",
        type=float,
        default=120.0,
        help="seconds per cold process before it is cut off",
    )
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument(
        "--rdflib-max", type=int, default=10_000, help="no rdflib queries above this N"
    )
    parser.add_argument("--quick", action="store_true", help="1 run, cap 5 s, no rdflib above N=98")
    parser.add_argument(
        "--no-paired",
        action="store_true",
        help="skip timing the steps of the two largest scales alternately",
    )
    parser.add_argument(
        "--keep",
        type=Path,
        help="write the synthetic datasets here (default: a temporary directory)",
    )
    args = parser.parse_args()
    if args.quick:
        args.runs, args.cap = 1, min(args.cap, 5.0)
        args.rdflib_max = min(args.rdflib_max, 98)
    scales = [int(x) for x in args.scales.split(",") if x.strip()]
    print(
        f"policygraph scale benchmark: N = {scales}, median of {args.runs} run(s), "
        f"query cap {args.cap:g} s, process cap {args.process_cap:g} s",
        flush=True,
    )
    results = []
    with tempfile.TemporaryDirectory(prefix="policygraph-scale-") as tmp:
        work = Path(tmp)
        for n in scales:
            if n == 1:
                data = work / "real"
                shutil.copytree(ROOT / "data", data)  # a copy: the warm-cache step edits a file
            else:
                data = (args.keep or work) / f"n{n}"
                synth.generate(n, data, seed=args.seed)
            scale = Scale(n, data)
            measure(scale, args, work)
            results.append(scale)
            summary(results)
        if len(results) >= 2 and not args.no_paired:
            paired_growth(results[-2], results[-1], args, work)


if __name__ == "__main__":
    main()
