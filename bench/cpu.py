"""Who used the cores during a cell: CPU per process name from /proc, 100 = one core.

Everything shares one small machine (server, PostgreSQL, load generator), so a
throughput number means little without knowing which of them was saturated.
"""

from __future__ import annotations

import os
import time
from typing import Any

CLK = os.sysconf("SC_CLK_TCK")


def _ticks() -> dict[str, int]:
    out: dict[str, int] = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                s = f.read()
        except OSError:
            continue
        comm = s[s.index("(") + 1 : s.rindex(")")].split("/", 1)[0]
        fields = s[s.rindex(")") + 2 :].split()
        ticks = int(fields[11]) + int(fields[12])
        if comm == "postgres":
            # backends that exited during the cell are counted through the postmaster
            ticks += int(fields[13]) + int(fields[14])
        out[comm] = out.get(comm, 0) + ticks
    return out


def process_ticks(pid: int) -> int:
    with open(f"/proc/{pid}/stat") as f:
        s = f.read()
    fields = s[s.rindex(")") + 2 :].split()
    return int(fields[11]) + int(fields[12])


class CpuMeter:
    """`with CpuMeter(server_pid) as m: ...; m.result` -> CPU % by process name, plus
    `metacrm-server` (those pids together) and, with `client`, `bench` (this process,
    when it is the load generator itself, as while bulk loading)."""

    def __init__(self, *server_pids: int | None, client: bool = False) -> None:
        self.server_pids = [pid for pid in server_pids if pid]
        self.client = client

    def _server_ticks(self) -> int:
        return sum(process_ticks(pid) for pid in self.server_pids)

    def __enter__(self) -> "CpuMeter":
        self.t0 = time.perf_counter()
        self.p0 = _ticks()
        self.s0 = self._server_ticks()
        self.c0 = time.process_time()
        return self

    def __exit__(self, *exc: Any) -> None:
        elapsed = time.perf_counter() - self.t0
        p1 = _ticks()
        pct = {k: round((v - self.p0.get(k, 0)) / CLK / elapsed * 100, 1) for k, v in p1.items()}
        self.result: dict[str, float] = {
            k: v for k, v in sorted(pct.items(), key=lambda kv: -kv[1]) if v >= 3.0
        }
        if self.server_pids:
            self.result["metacrm-server"] = round(
                (self._server_ticks() - self.s0) / CLK / elapsed * 100, 1
            )
        if self.client:
            self.result["bench"] = round((time.process_time() - self.c0) / elapsed * 100, 1)


def _system() -> tuple[int, int]:
    """(total, idle + iowait) ticks of all CPUs."""
    with open("/proc/stat") as f:
        values = [int(x) for x in f.readline().split()[1:]]
    return sum(values[:8]), values[3] + values[4]


def idle_probe(seconds: float = 1.0) -> dict[str, Any]:
    """CPU busy % of the whole machine while the bench does nothing: other people's load."""
    p0, s0 = _ticks(), _system()
    time.sleep(seconds)
    p1, s1 = _ticks(), _system()
    total, idle = s1[0] - s0[0], s1[1] - s0[1]
    top = sorted(
        ((k, (v - p0.get(k, 0)) / CLK / seconds * 100) for k, v in p1.items()),
        key=lambda kv: -kv[1],
    )
    return {
        "busy_pct": round(100.0 * (total - idle) / total, 1) if total else 0.0,
        "top": {k: round(v) for k, v in top[:4] if v >= 5},
    }


def wait_quiet(max_wait: float, threshold: float = 15.0) -> dict[str, Any]:
    """Probe until other processes use less than `threshold` % of the machine, or give up."""
    probe = idle_probe()
    deadline = time.monotonic() + max_wait
    while probe["busy_pct"] > threshold and time.monotonic() < deadline:
        time.sleep(2)
        probe = idle_probe()
    return probe
