"""Where the server's CPU goes under load: py-spy samples the server process while a
load cell runs, and the collapsed stacks are summed by library (self time) and by the
project's own functions (inclusive time). Evidence for what limits a target."""
from __future__ import annotations

import shutil
import subprocess
import threading
from collections import Counter
from pathlib import Path
from typing import Any, Callable

LIBRARIES = (
    ("graphql-core", "/graphql/"), ("sqlalchemy", "/sqlalchemy/"), ("asyncpg", "/asyncpg/"),
    ("uvicorn", "/uvicorn/"), ("starlette", "/starlette/"), ("strawberry", "/strawberry/"),
    ("casbin", "/casbin/"), ("jwt", "/jwt/"), ("httptools", "/httptools/"), ("uvloop", "/uvloop/"),
    ("asyncio", "/asyncio/"), ("metacrm metadata/", "/metadata/"), ("metacrm server/", "/server/"),
    ("metacrm plugins/", "/plugins/"),
)


def available() -> bool:
    return shutil.which("py-spy") is not None


def record(pid: int, seconds: float, out: Path, during: Callable[[], Any], rate: int = 200) -> Any:
    """Sample `pid` for `seconds` while `during()` runs; returns what `during` returned."""
    cmd = ["py-spy", "record", "--pid", str(pid), "--duration", str(int(seconds)), "--rate", str(rate),
           "--format", "raw", "--output", str(out), "--nonblocking"]
    spy = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    result: dict[str, Any] = {}
    worker = threading.Thread(target=lambda: result.setdefault("value", during()))
    worker.start()
    worker.join()
    spy.wait()
    return result.get("value")


def _library(frame: str) -> str:
    for name, marker in LIBRARIES:
        if marker in frame:
            return name
    return "other"


def summarize(collapsed: Path, top: int = 15) -> dict[str, Any]:
    """Self time by library and function, inclusive time by project function, as % of samples."""
    by_library: Counter[str] = Counter()
    by_function: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    total = 0
    for line in collapsed.read_text().splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack:
            continue
        count = int(count_text)
        frames = stack.split(";")
        total += count
        leaf = frames[-1]
        by_library[_library(leaf)] += count
        by_function[leaf] += count
        for frame in set(frames):
            if "/metadata/" in frame or "/server/" in frame or "/graphql/execution/" in frame:
                inclusive[frame] += count

    def pct(counter: Counter[str]) -> list[tuple[str, float]]:
        return [(k, round(100.0 * v / total, 1)) for k, v in counter.most_common(top)] if total else []

    return {"samples": total, "self_by_library": pct(by_library), "self_by_function": pct(by_function),
            "inclusive_project": pct(inclusive)}
