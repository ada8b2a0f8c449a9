"""Benchmark: three saved queries through the web API against the library, in one run.

Starts the application under uvicorn in a subprocess on 127.0.0.1 (so server
and clients do not share one interpreter lock), then for each query measures
throughput and p50/p99 latency with 1 and with 32 concurrent clients: the
library (``graph.query`` in threads of this process) and the API (HTTP/1.1
keep-alive connections, one per client). Ends with a soak: 32 clients on all
three queries for ``--soak`` seconds, counting every answer that is not 200.

Usage: python bench/serve.py [--duration S] [--soak S] [--clients N]
"""

from __future__ import annotations

import argparse
import http.client
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

from tabulate import tabulate

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import policygraph  # noqa: E402
from tests.servers import free_port  # noqa: E402

QUERIES = {
    "principle-initiatives": {"principle": "5", "municipality": "helsingoer"},
    "partners": {},
    "search": {"text": "bolig", "lang": "da"},
}
SERVER = """
import sys, uvicorn, policygraph
from policygraph.web import create_app
uvicorn.run(create_app(policygraph.load()), host="127.0.0.1", port=int(sys.argv[1]),
            log_level="warning", access_log=False)
"""


def run_clients(
    make_client: Callable[[], Callable[[], int]], clients: int, seconds: float
) -> tuple[list[float], int, float]:
    """``clients`` threads calling their own client function for ``seconds``.

    Returns the latencies (ms), the number of failed calls, and the wall time.
    """
    latencies: list[list[float]] = [[] for _ in range(clients)]
    failures = [0] * clients
    start_line = threading.Barrier(clients + 1)
    stop_at = [0.0]

    def work(index: int) -> None:
        call = make_client()
        start_line.wait()
        mine = latencies[index]
        while time.perf_counter() < stop_at[0]:
            began = time.perf_counter()
            status = call()
            mine.append((time.perf_counter() - began) * 1000)
            if status != 200:
                failures[index] += 1

    threads = [threading.Thread(target=work, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    begun = time.perf_counter()
    stop_at[0] = begun + seconds
    start_line.wait()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - begun
    return [t for per in latencies for t in per], sum(failures), wall


def library_client(
    graph: policygraph.PolicyGraph, name: str, params: dict[str, str]
) -> Callable[[], Callable[[], int]]:
    def make() -> Callable[[], int]:
        def call() -> int:
            graph.query(name, **params)
            return 200

        return call

    return make


def api_client(port: int, name: str, params: dict[str, str]) -> Callable[[], Callable[[], int]]:
    target = f"/api/queries/{name}?{urllib.parse.urlencode(params)}"

    def make() -> Callable[[], int]:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

        def call() -> int:
            nonlocal connection
            try:
                connection.request("GET", target, headers={"Accept": "application/json"})
                response = connection.getresponse()
                response.read()
                return response.status
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                return 0

        return call

    return make


def mixed_client(port: int) -> Callable[[], Callable[[], int]]:
    makers = [api_client(port, name, params) for name, params in QUERIES.items()]

    def make() -> Callable[[], int]:
        calls = [maker() for maker in makers]
        turn = [0]

        def call() -> int:
            turn[0] += 1
            return calls[turn[0] % len(calls)]()

        return call

    return make


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=4.0, help="seconds per measurement")
    parser.add_argument("--soak", type=float, default=60.0, help="seconds of the final soak")
    parser.add_argument("--clients", type=int, default=32, help="concurrent clients")
    args = parser.parse_args()

    graph = policygraph.load()
    port = free_port()
    server = subprocess.Popen([sys.executable, "-c", SERVER, str(port)], stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/queries", timeout=2):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.2)
        rows = []
        for name, params in QUERIES.items():
            count = len(graph.query(name, **params))
            for clients in (1, args.clients):
                measured = {}
                for side, make in (
                    ("library", library_client(graph, name, params)),
                    ("api", api_client(port, name, params)),
                ):
                    run_clients(make, clients, min(1.0, args.duration))  # warm up
                    latencies, failures, wall = run_clients(make, clients, args.duration)
                    measured[side] = (latencies, failures, wall)
                lib, api = measured["library"], measured["api"]
                rows.append(
                    [
                        name,
                        count,
                        clients,
                        f"{len(lib[0]) / lib[2]:.0f}",
                        f"{statistics.median(lib[0]):.1f}",
                        f"{percentile(lib[0], 0.99):.1f}",
                        f"{len(api[0]) / api[2]:.0f}",
                        f"{statistics.median(api[0]):.1f}",
                        f"{percentile(api[0], 0.99):.1f}",
                        f"{statistics.median(api[0]) - statistics.median(lib[0]):+.1f}",
                        api[1],
                    ]
                )
        print(
            f"policygraph {policygraph.__version__} web API vs library; "
            f"{args.duration:g} s per measurement, uvicorn in a subprocess on 127.0.0.1"
        )
        print(
            tabulate(
                rows,
                headers=[
                    "query",
                    "rows",
                    "clients",
                    "lib req/s",
                    "lib p50",
                    "lib p99",
                    "api req/s",
                    "api p50",
                    "api p99",
                    "p50 added",
                    "api errors",
                ],
                tablefmt="simple",
                disable_numparse=True,
            )
        )
        print("latencies in ms; 'p50 added' = API p50 minus library p50 at the same load")
        if args.soak > 0:
            latencies, failures, wall = run_clients(mixed_client(port), args.clients, args.soak)
            print(
                f"soak: {args.clients} clients, three queries in turn, {wall:.0f} s: "
                f"{len(latencies)} requests ({len(latencies) / wall:.0f}/s), "
                f"p50 {statistics.median(latencies):.1f} ms, "
                f"p99 {percentile(latencies, 0.99):.1f} ms, {failures} not answered 200"
            )
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


if __name__ == "__main__":
    main()
