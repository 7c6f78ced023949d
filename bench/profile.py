"""Where the server's CPU goes under load: py-spy samples the server process while a
load cell runs, and the collapsed stacks are summed by library (self time) and by the
project's own functions (inclusive time). Evidence for what limits a target."""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any, Callable

PROJECT = {
    "metadata": "metacrm",
    "server": "metacrm",
    "plugins": "metacrm",
    "graphql": "graphql-core",
}
FRAME = re.compile(r"^(?P<function>.*) \((?P<file>[^()]*?)(:\d+)?\)$")


def executable() -> str | None:
    """py-spy on PATH, or next to this interpreter (a virtualenv not activated)."""
    beside = Path(sys.executable).parent / "py-spy"
    return shutil.which("py-spy") or (str(beside) if beside.exists() else None)


def record(pid: int, seconds: float, out: Path, during: Callable[[], Any], rate: int = 200) -> Any:
    """Sample `pid` while `during()` runs (at most `seconds`); returns what `during` returned."""
    cmd = [
        executable() or "py-spy",
        "record",
        "--pid",
        str(pid),
        "--duration",
        str(int(seconds)),
        "--rate",
        str(rate),
        "--format",
        "raw",
        "--output",
        str(out),
        "--nonblocking",
    ]
    spy = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        return during()
    finally:
        spy.send_signal(signal.SIGINT)  # py-spy writes what it has sampled and exits
        spy.wait(60)


def _where(frame: str) -> tuple[str, str]:
    """(library, function) of a py-spy frame `func (package/module.py:line)`."""
    m = FRAME.match(frame)
    if not m:
        return "other", frame
    top = m["file"].split("/", 1)[0].removesuffix(".py")
    return PROJECT.get(top, top), f"{m['function']} ({m['file']})"


def summarize(collapsed: Path, top: int = 15) -> dict[str, Any]:
    """Self time by library and function, inclusive time by project function, as % of samples."""
    by_library: Counter[str] = Counter()
    by_function: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    total = 0
    for line in collapsed.read_text().splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue  # a frame name holding a newline (compiled SQL text) split its line
        count = int(count_text)
        frames = stack.split(";")
        total += count
        library, function = _where(frames[-1])
        by_library[library] += count
        by_function[function] += count
        for frame in set(frames):
            library, function = _where(frame)
            if library == "metacrm":
                inclusive[function] += count

    def pct(counter: Counter[str]) -> list[tuple[str, float]]:
        return (
            [(k, round(100.0 * v / total, 1)) for k, v in counter.most_common(top)] if total else []
        )

    return {
        "samples": total,
        "self_by_library": pct(by_library),
        "self_by_function": pct(by_function),
        "inclusive_project": pct(inclusive),
    }
