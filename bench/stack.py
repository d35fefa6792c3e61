"""The Procfile's processes (web, worker, beat) started by honcho for a benchmark or a test.

``Honcho`` starts ``honcho start`` on the repository's ``Procfile`` with an environment of its
own (a developer's ``.env`` is not read: it would point the processes elsewhere), waits for
``/healthz`` and stops every process it started — honcho, gunicorn and its workers, the Celery
worker and its pool, beat — even on error, and says which ones outlived honcho.

``Stack`` adds what a benchmark needs around it, all on 127.0.0.1 and all thrown away at the
end: a PostgreSQL database copied from a migrated template (``choso_bench_<name>_tpl`` on the
``DATABASE_URL`` server, migrated on first use and again when a migration changes; kept), its
own redis-server on a free port, a free port for the web processes::

    with Stack("spk", processes="web=1,worker=1,beat=1") as stack:
        stack.url  # http://127.0.0.1:<port>, answering /healthz
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from hashlib import sha256
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
PROCFILE = ROOT / "Procfile"
BIN = Path(sys.executable).parent  # gunicorn, celery and honcho of this virtualenv
POSTGRES_SCHEMES = ("postgres", "postgresql", "pgsql")


# --- Small helpers ----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.1)
    return False


def stop(process: subprocess.Popen | None, timeout: float = 15) -> None:
    """Terminate ``process`` (a server the bench started), killing it if it will not stop."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def is_postgres(url: str) -> bool:
    return urlsplit(url).scheme in POSTGRES_SCHEMES


def database_url(base: str, name: str) -> str:
    return urlsplit(base)._replace(path="/" + quote(name, safe="")).geturl()


def admin_connection(base: str):
    import psycopg

    parts = urlsplit(base)
    return psycopg.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or None,
        password=parts.password or None,
        dbname="postgres",
        autocommit=True,
    )


def migrations_digest() -> str:
    digest = sha256()
    for path in sorted(ROOT.glob("*/migrations/*.py")):
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def ensure_template(base: str, template: str) -> None:
    """The migrated template database, (re)built when the project's migrations changed."""
    wanted = f"choso bench template {migrations_digest()}"
    with admin_connection(base) as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [template],
        ).fetchone()
        if row is not None and row[0] == wanted:
            return
        print(f"  (re)building the template database {template}: migrations, a minute or two")
        if row is not None:
            conn.execute(f'DROP DATABASE "{template}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{template}"')
    env = {**os.environ, "DATABASE_URL": database_url(base, template)}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    env.pop("REDIS_URL", None)
    migrate = [sys.executable, "manage.py", "migrate", "--noinput", "-v0"]
    subprocess.run(migrate, cwd=ROOT, env=env, check=True)
    with admin_connection(base) as conn:
        conn.execute(f"COMMENT ON DATABASE \"{template}\" IS '{wanted}'")


# --- Processes --------------------------------------------------------------------------------


def _stat(pid: int) -> tuple[str, int, int] | None:
    """(state, parent pid, session id) of a process, None once it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = text[text.rindex(")") + 2 :].split()  # the name may hold spaces and brackets
    return fields[0], int(fields[1]), int(fields[3])


def _all_processes() -> dict[int, tuple[str, int, int]]:
    table = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            stat = _stat(int(entry.name))
            if stat is not None and stat[0] != "Z":  # a zombie has exited already
                table[int(entry.name)] = stat
    return table


def alive(pid: int) -> bool:
    stat = _stat(pid)
    return stat is not None and stat[0] != "Z"


def process_tree(root: int, table: dict[int, tuple[str, int, int]] | None = None) -> set[int]:
    """``root`` and every live process descended from it (in ``table``, when given: one
    reading of /proc for both, or a process started in between is in one and not the other)."""
    table = _all_processes() if table is None else table
    tree, frontier = set(), {root} & set(table)
    while frontier:
        tree |= frontier
        frontier = {pid for pid, (_, parent, _) in table.items() if parent in frontier} - tree
    return tree


class Honcho:
    """``honcho start`` on the Procfile with ``env`` (added to this process's environment).

    honcho runs each Procfile process in a session of its own and stops them with SIGTERM
    (SIGKILL 5 s later) when it is told to stop or when one of them exits. ``stop()`` does
    that, then kills whatever is still alive in those sessions and returns the pids that were
    (an empty list when the Procfile's processes all stopped as they should).
    """

    def __init__(
        self, env: dict[str, str], workdir: Path, processes: str = "web=1,worker=1,beat=1"
    ):
        self.workdir = Path(workdir)
        self.processes = processes
        self.env = {
            "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
            "PYTHONUNBUFFERED": "1",  # log lines reach honcho as they are written
            **env,
        }
        self.log_path = self.workdir / "honcho.log"
        self.process: subprocess.Popen | None = None
        self._sessions: set[int] = set()

    @property
    def url(self) -> str:
        return "http://" + self.env["GUNICORN_BIND"]

    def start(self) -> None:
        # The variables go in honcho's own environment; its env file is empty, so a
        # developer's .env (which would override them) is never read.
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                [str(BIN / "honcho"), "--no-colour", "-f", str(PROCFILE), "-d", str(ROOT),
                 "-e", os.devnull, "start", "-c", self.processes],
                cwd=ROOT, env={**os.environ, **self.env}, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def wait_healthy(self, timeout: float = 60.0) -> None:
        """Until ``/healthz`` answers 200; RuntimeError (with honcho's log) otherwise."""
        deadline = time.monotonic() + timeout
        last = "no answer"
        while time.monotonic() < deadline:
            if self.process is None or self.process.poll() is not None:
                raise RuntimeError("honcho stopped before /healthz answered:\n" + self.log())
            self._remember_sessions()
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=5) as response:
                    if response.status == 200:
                        return
                    last = f"HTTP {response.status}"
            except (OSError, urllib.error.URLError) as error:
                last = str(error)
            time.sleep(0.2)
        raise RuntimeError(
            f"/healthz did not answer 200 in {timeout:.0f} s ({last}):\n" + self.log()
        )

    def running(self) -> set[int]:
        """Live processes of this stack: honcho's tree and anything left in its sessions."""
        if self.process is None:
            return set()
        self._remember_sessions()
        pids = process_tree(self.process.pid)
        pids |= {pid for pid, (_, _, sid) in _all_processes().items() if sid in self._sessions}
        return pids

    def _remember_sessions(self) -> None:
        if self.process is not None:
            table = _all_processes()
            self._sessions |= {table[pid][2] for pid in process_tree(self.process.pid, table)}

    def stop(self, timeout: float = 30.0) -> list[int]:
        """Stop honcho and everything it started; the pids that had to be killed."""
        if self.process is None:
            return []
        self._remember_sessions()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # honcho stops its processes
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                pass
        leftovers = sorted(self.running() - {self.process.pid})
        if self.process.poll() is None:
            leftovers.insert(0, self.process.pid)
        for pid in leftovers:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if self.process.poll() is None:
            self.process.wait(timeout=10)
        return leftovers


class Stack:
    """Throw-away database and Redis, and the Procfile's processes on them (a context manager).

    ``processes`` is honcho's ``-c`` (``web=1,worker=1,beat=1``); ``env`` adds or overrides
    variables of the processes (``WEB_CONCURRENCY``, ``CELERY_CONCURRENCY``, …); ``settings``
    is their ``DJANGO_SETTINGS_MODULE``. After ``__enter__``: ``url``, ``database_url``,
    ``redis_url``, ``env`` (what the processes got) and ``honcho``.
    """

    def __init__(
        self,
        name: str,
        *,
        processes: str = "web=1,worker=1,beat=1",
        env: dict[str, str] | None = None,
        settings: str = "config.settings",
        base_url: str | None = None,
    ):
        self.name = name
        self.processes = processes
        self.extra_env = env or {}
        self.settings = settings
        self.base = base_url if base_url is not None else os.environ.get("DATABASE_URL", "")
        self.template = f"choso_bench_{name}_tpl"
        self.database = f"choso_bench_{name}_{os.getpid()}"
        self.redis: subprocess.Popen | None = None
        self.honcho: Honcho | None = None
        self.workdir: Path | None = None
        self._created = False

    def __enter__(self) -> Stack:
        if not is_postgres(self.base):
            raise RuntimeError("the stack needs DATABASE_URL=postgres://…")
        try:
            self._start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _start(self) -> None:
        ensure_template(self.base, self.template)
        with admin_connection(self.base) as conn:
            conn.execute(f'CREATE DATABASE "{self.database}" TEMPLATE "{self.template}"')
        self._created = True
        (ROOT / ".local").mkdir(exist_ok=True)
        self.workdir = Path(tempfile.mkdtemp(prefix=f"stack-{self.name}-", dir=ROOT / ".local"))
        redis_port = free_port()
        self.redis = subprocess.Popen(
            [shutil.which("redis-server") or "redis-server", "--port", str(redis_port), "--bind",
             "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(self.workdir)],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        if not wait_for_port(redis_port):
            raise RuntimeError("redis-server did not start")
        self.database_url = database_url(self.base, self.database)
        self.redis_url = f"redis://127.0.0.1:{redis_port}/0"
        self.env = {
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis_url,
            "GUNICORN_BIND": f"127.0.0.1:{free_port()}",
            "WEB_CONCURRENCY": "1",
            "CELERY_CONCURRENCY": "1",
            "DJANGO_SETTINGS_MODULE": self.settings,
            "DEBUG": "0",
            **self.extra_env,
        }
        self.honcho = Honcho(self.env, self.workdir, self.processes)
        self.honcho.start()
        self.honcho.wait_healthy()
        self.url = self.honcho.url

    def close(self) -> None:
        """Stop everything this stack started and drop its database (each step even if one
        before it failed)."""
        try:
            if self.honcho is not None:
                leftovers = self.honcho.stop()
                if leftovers:
                    print(f"  stack: killed {len(leftovers)} processes honcho left running")
        finally:
            if self.redis is not None and self.redis.poll() is None:
                self.redis.terminate()
                try:
                    self.redis.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.redis.kill()
                    self.redis.wait()
            if self._created:
                try:
                    from django.db import connections

                    connections.close_all()  # the caller's own connection to the database
                except Exception:  # Django not set up
                    pass
                with admin_connection(self.base) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
            if self.workdir is not None:
                shutil.rmtree(self.workdir, ignore_errors=True)
