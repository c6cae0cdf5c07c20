"""A local Neo4j 5.26 (community) server for development and tests.

Neo4j comes from Maven Central (Maven builds ``Launcher.java`` next to this file and
keeps the jars in the usual Maven cache); the launcher runs it in one JVM that listens
for Bolt on 127.0.0.1 only, with authentication on (user ``neo4j``).

    from tools.neo4j.server import start
    with start() as srv:            # temporary data dir, free port, random password
        driver = GraphDatabase.driver(srv.uri, auth=(srv.user, srv.password))

Command line (from the repository root):

    python tools/neo4j/server.py build                  # build / warm the Maven cache only
    python tools/neo4j/server.py run [--port 7687] [--data-dir DIR]
                                                        # foreground; prints NEO4J_URI=... lines

Standard library only; the ``neo4j`` driver is used for the readiness check when installed.
The password is never put on a command line and never logged (``run`` prints it on purpose).
Environment: ``GRAPHFRAUD_NEO4J_JAVA_OPTS`` replaces the default JVM flags (-Xms256m -Xmx1g).
"""
from __future__ import annotations

import argparse
import fcntl
import os
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
POM = HERE / "pom.xml"
TARGET = HERE / "target"
CLASSES = TARGET / "classes"
CLASSPATH_FILE = TARGET / "classpath.txt"
MAIN_CLASS = "graphfraud.neo4j.Launcher"
DEFAULT_JAVA_OPTS = "-Xms256m -Xmx1g -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError -Dfile.encoding=UTF-8"
USER = "neo4j"
LOG_NAME = "launcher.log"


def _say(msg: str) -> None:
    print(f"[neo4j] {msg}", file=sys.stderr, flush=True)


def _sources() -> list[Path]:
    return [POM, *sorted((HERE / "src").rglob("*.java"))]


def _is_stale() -> bool:
    launcher = CLASSES / "graphfraud" / "neo4j" / "Launcher.class"
    if not (launcher.exists() and CLASSPATH_FILE.exists()):
        return True
    built = min(launcher.stat().st_mtime, CLASSPATH_FILE.stat().st_mtime)
    if any(src.stat().st_mtime > built for src in _sources()):
        return True
    # A fresh or cleaned Maven cache leaves target/ pointing at jars that are gone.
    jars = [p for p in CLASSPATH_FILE.read_text().strip().split(os.pathsep) if p]
    return not jars or not all(os.path.exists(j) for j in jars)


def _need(tool: str) -> str:
    path = shutil.which(tool)
    if not path:
        raise RuntimeError(f"`{tool}` is not on PATH: the local Neo4j needs Java 17+ and Maven 3 "
                           "(Debian: apt-get install -y openjdk-17-jdk-headless maven)")
    return path


def build(force: bool = False) -> None:
    """Compile the launcher and write target/classpath.txt, if missing or stale.

    Safe to call from several processes at once (e.g. pytest-xdist workers): one builds,
    the others wait for it.
    """
    if not force and not _is_stale():
        return
    mvn = _need("mvn")
    _need("java")
    TARGET.mkdir(exist_ok=True)
    with open(TARGET / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not force and not _is_stale():  # another process built it while we waited
            return
        _say("building the Neo4j launcher with Maven (a cold Maven cache downloads ~150 MB, a few minutes)")
        started = time.monotonic()
        cmd = [mvn, "-B", "-ntp", "-f", str(POM), "compile"]
        # Maven's output goes to our stderr so that stdout stays clean for callers.
        proc = subprocess.run(cmd, stdout=sys.stderr, stderr=sys.stderr, stdin=subprocess.DEVNULL)
        if proc.returncode == 0 and CLASSPATH_FILE.exists():
            CLASSPATH_FILE.touch()  # the plugin leaves an unchanged file untouched
        if proc.returncode != 0 or _is_stale():
            raise RuntimeError(f"building the Neo4j launcher failed (mvn exit {proc.returncode}); "
                               f"run `mvn -f {POM} compile` to see why")
        _say(f"built in {time.monotonic() - started:.1f}s")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tail(path: Path, n: int = 40) -> str:
    try:
        with open(path, errors="replace") as fh:
            return "".join(deque(fh, maxlen=n))
    except OSError as exc:
        return f"(no log: {exc})"


@dataclass
class Neo4jServer:
    uri: str
    user: str
    password: str = field(repr=False)
    port: int
    data_dir: Path
    log_path: Path
    process: subprocess.Popen = field(repr=False)
    _temp_dir: bool = field(default=False, repr=False)

    @property
    def env(self) -> dict[str, str]:
        """The variables graphfraud reads to find this server."""
        return {"NEO4J_URI": self.uri, "NEO4J_USER": self.user, "NEO4J_PASSWORD": self.password}

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self, timeout: float = 60) -> None:
        """SIGTERM (clean shutdown via the JVM's hook), wait, then SIGKILL. Idempotent."""
        proc = self.process
        if proc.poll() is None:
            try:
                proc.send_signal(signal.SIGTERM)
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                _say(f"Neo4j (pid {proc.pid}) did not stop within {timeout:.0f}s; killing it")
                proc.kill()
                proc.wait()
        for stream in (proc.stdin, proc.stdout):
            if stream:
                try:
                    stream.close()
                except OSError:
                    pass
        if self._temp_dir:
            shutil.rmtree(self.data_dir, ignore_errors=True)

    def __enter__(self) -> "Neo4jServer":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _bolt_ready(uri: str, user: str, password: str, port: int) -> bool:
    try:
        from neo4j import GraphDatabase
    except ImportError:  # no driver: a TCP connect has to do
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2):
                return True
        except OSError:
            return False
    try:
        with GraphDatabase.driver(uri, auth=(user, password), connection_timeout=5) as driver:
            with driver.session() as session:
                return session.run("RETURN 1 AS one").single()["one"] == 1
    except Exception:  # noqa: BLE001 - any failure means "not yet"
        return False


def start(data_dir: Path | None = None, port: int | None = None, password: str | None = None,
          timeout: float = 180, java_opts: list[str] | None = None) -> Neo4jServer:
    """Build if needed, start Neo4j and wait until a Bolt session with the password works.

    ``data_dir`` None means a fresh temporary directory, deleted by ``stop()``; a given
    directory is kept, and on restart the password is set to the one given now.
    ``timeout`` covers the server start only, not a first Maven build. ``java_opts``
    replaces the JVM flags (default: $GRAPHFRAUD_NEO4J_JAVA_OPTS, else DEFAULT_JAVA_OPTS).
    """
    build()
    java = _need("java")
    if password is None:
        password = secrets.token_urlsafe(24)
    if len(password) < 8:
        raise ValueError("the Neo4j password must have at least 8 characters")
    temp = data_dir is None
    data_dir = Path(tempfile.mkdtemp(prefix="graphfraud-neo4j-")) if temp else Path(data_dir).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    uri = f"bolt://127.0.0.1:{port}"
    log_path = data_dir / LOG_NAME
    if java_opts is None:
        java_opts = shlex.split(os.environ.get("GRAPHFRAUD_NEO4J_JAVA_OPTS", DEFAULT_JAVA_OPTS))
    classpath = os.pathsep.join([str(CLASSES), CLASSPATH_FILE.read_text().strip()])
    env = {**os.environ, "NEO4J_PASSWORD": password, "CLASSPATH": classpath}
    started = time.monotonic()
    with open(log_path, "ab") as log:
        proc = subprocess.Popen([java, *java_opts, MAIN_CLASS, str(port), str(data_dir)],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log,
                                env=env, cwd=data_dir, start_new_session=True)
    server = Neo4jServer(uri, USER, password, port, data_dir, log_path, proc, temp)

    ready = threading.Event()

    def watch_stdout() -> None:  # the launcher prints only READY; drain anyway
        for raw in proc.stdout:
            if raw.startswith(b"READY "):
                ready.set()

    threading.Thread(target=watch_stdout, name=f"neo4j-{port}-stdout", daemon=True).start()

    def fail(why: str) -> RuntimeError:
        tail = _tail(log_path)
        server.stop(timeout=30)
        return RuntimeError(f"Neo4j on {uri} {why}; the last lines of its log ({log_path}):\n{tail}")

    deadline = started + timeout
    while not ready.wait(0.2):
        if proc.poll() is not None:
            raise fail(f"exited with code {proc.returncode} before it was ready")
        if time.monotonic() > deadline:
            raise fail(f"did not print READY within {timeout:.0f}s")
    while not _bolt_ready(uri, USER, password, port):
        if proc.poll() is not None:
            raise fail(f"exited with code {proc.returncode} before it was ready")
        if time.monotonic() > deadline:
            raise fail(f"did not accept a Bolt session within {timeout:.0f}s")
        time.sleep(0.5)
    _say(f"Neo4j ready on {uri} in {time.monotonic() - started:.1f}s (pid {proc.pid}, data {data_dir})")
    return server


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="server.py", description="Local Neo4j 5.26 for graphfraud development.")
    sub = ap.add_subparsers(dest="cmd")
    b = sub.add_parser("build", help="build the launcher (downloads Neo4j into the Maven cache)")
    b.add_argument("--force", action="store_true", help="rebuild even if up to date")
    r = sub.add_parser("run", help="start in the foreground and print NEO4J_* lines; Ctrl-C stops")
    r.add_argument("--port", type=int, default=None, help="Bolt port on 127.0.0.1 (default: a free one)")
    r.add_argument("--data-dir", type=Path, default=None, help="keep the data here (default: temporary)")
    r.add_argument("--timeout", type=float, default=180)
    args = ap.parse_args(argv)
    if args.cmd == "build":
        try:
            build(force=args.force)
        except RuntimeError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        return 0
    if args.cmd is None:
        args = ap.parse_args(["run", *(argv or [])])
    try:
        # An exported NEO4J_PASSWORD (e.g. from an earlier run) is reused; else a random one.
        server = start(args.data_dir, args.port, os.environ.get("NEO4J_PASSWORD") or None, args.timeout)
    except (RuntimeError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    def on_sigterm(*_: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_sigterm)
    try:
        for key, value in server.env.items():
            print(f"{key}={value}")
        sys.stdout.flush()
        _say("running; press Ctrl-C to stop")
        code = server.process.wait()
        _say(f"Neo4j exited by itself with code {code}; log: {server.log_path}")
        return 1
    except KeyboardInterrupt:
        _say("stopping")
        return 0
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
