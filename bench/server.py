"""metacrm server processes for the bench: started like `metacrm serve` does (uvicorn,
uvloop and httptools from `uvicorn[standard]`, one worker), without access logging."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx


@dataclass
class ServerProcess:
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        return self.process.pid

    def rss_mib(self) -> tuple[float, float]:
        """(current, peak) resident memory of the process, MiB."""
        values = {}
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0]) / 1024
        return round(values["VmRSS"], 1), round(values["VmHWM"], 1)

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start(
    database_url: str,
    secret: str,
    port: int,
    log_dir: Path,
    extra_env: dict[str, str] | None = None,
    timeout: float = 60.0,
) -> ServerProcess:
    log = log_dir / f"server-{port}.log"
    env = {
        **os.environ,
        "METACRM_DATABASE_URL": database_url,
        "METACRM_SECRET": secret,
        "METACRM_GRAPHIQL": "0",
        **(extra_env or {}),
    }
    cmd = [
        sys.executable,
        "-m",
        "uvicorn",
        "server.app:create_app",
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--no-access-log",
        "--log-level",
        "warning",
        # as long as the anchor's PostGraphile keeps idle connections, so a pooled client
        # connection is never closed under a request that is just being sent
        "--timeout-keep-alive",
        "65",
    ]
    with open(log, "ab") as out:
        process = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT)
    server = ServerProcess(port, process, log)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"server on port {port} exited; see {log}:\n{log.read_text()[-2000:]}"
            )
        try:
            if httpx.get(f"{server.url}/health", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"server on port {port} did not answer within {timeout:.0f}s; see {log}")
