"""Wall time of `policygraph validate` in a cold process: one document, and all of data/.

Each run starts a new Python process (imports, shapes and vocabularies parsed from
scratch), as CI and a pre-commit hook do. Prints the median of 5 runs in milliseconds.

    python bench/validate.py
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from timing import median_ms

ROOT = Path(__file__).resolve().parents[1]
RUNS = 5
TARGETS = {
    "one document (data/herlev-socialpsykiatri-2019-2022.ttl)": [
        "data/herlev-socialpsykiatri-2019-2022.ttl"
    ],
    "data/ (every document)": ["data/"],
}


def validate(paths: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "policygraph", "validate", "-q", *paths],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"validate exited {result.returncode}:\n{result.stdout}{result.stderr}")


def main() -> None:
    print(f"policygraph validate, cold process, median of {RUNS} runs")
    for name, paths in TARGETS.items():
        print(f"  {name:<58} {median_ms(lambda p=paths: validate(p), RUNS):8.0f} ms")


if __name__ == "__main__":
    main()
