"""The pytest plugin: fixtures handing out pgtestbed databases.

``pgtestbed_url``          a fresh database per test (its URL)
``pgtestbed_session_url``  one database for the whole session, as a session-scoped conftest does
``pgtestbed_async``        ``await pgtestbed_async.acquire()`` in async tests (never blocks the loop)
``pgtestbed``              the client, for anything else

It uses the service named by ``PGTESTBED_SERVE_URL`` + ``PGTESTBED_SERVE_TOKEN`` (or the state
file in ``PGTESTBED_SERVE_STATE_FILE``), else starts ``pgtestbed serve`` in the project (Node on
PATH) and stops it at the end. Under pytest-xdist the controller starts one service for every
worker. A failed test's database is kept and named in the report.
"""

import asyncio
import json
import os
import select
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import pytest

from .client import ServeClient, ServeError, redact_url

ENV_URL = "PGTESTBED_SERVE_URL"
ENV_TOKEN = "PGTESTBED_SERVE_TOKEN"
ENV_STATE = "PGTESTBED_SERVE_STATE_FILE"
ENV_COMMAND = "PGTESTBED_COMMAND"


def pytest_addoption(parser):
    parser.addini(
        "pgtestbed_command",
        "Command that runs the pgtestbed CLI (default: pgtestbed on PATH, else npx --no-install pgtestbed)",
    )


class _Service:
    """The service this run uses: found from the environment, or started (and stopped) here."""

    def __init__(self, config):
        self._config = config
        self._process = None
        self._state_dir = None
        self._log = None
        self._client = None

    def client(self):
        if self._client is None:
            self._client = self._find() or self._start()
        return self._client

    def _find(self):
        if os.environ.get(ENV_URL):
            token = os.environ.get(ENV_TOKEN)
            if not token:
                raise pytest.UsageError("%s is set but %s is not: set the service's token too." % (ENV_URL, ENV_TOKEN))
            return ServeClient(os.environ[ENV_URL], token)
        state_file = os.environ.get(ENV_STATE)
        if state_file:
            with open(state_file, encoding="utf-8") as f:
                state = json.load(f)
            return ServeClient(state["url"], state["token"])
        return None

    def _command(self):
        configured = os.environ.get(ENV_COMMAND) or self._config.getini("pgtestbed_command")
        if configured:
            return shlex.split(configured)
        if shutil.which("pgtestbed"):
            return ["pgtestbed"]
        if shutil.which("npx"):
            return ["npx", "--no-install", "pgtestbed"]
        raise pytest.UsageError(
            "pgtestbed: cannot start `pgtestbed serve`: neither `pgtestbed` nor `npx` is on PATH. "
            "Install Node and pgtestbed (npm install -D pgtestbed), set %s to the command, "
            "or point %s/%s at a running service." % (ENV_COMMAND, ENV_URL, ENV_TOKEN)
        )

    def _start(self):
        self._state_dir = tempfile.mkdtemp(prefix="pgtestbed-pytest-")
        state_file = os.path.join(self._state_dir, "serve.json")
        log_path = os.path.join(self._state_dir, "serve.log")
        argv = self._command() + ["serve", "--json", "--quiet", "--state-file", state_file]
        # The service's stderr, kept for the error below; closed in stop().
        log = self._log = open(log_path, "w+", encoding="utf-8")
        try:
            self._process = subprocess.Popen(
                argv, cwd=str(self._config.rootpath), stdout=subprocess.PIPE, stderr=log, text=True
            )
        except OSError as err:
            raise pytest.UsageError("pgtestbed: cannot run %s: %s" % (" ".join(argv), err)) from None
        for line in self._process.stdout:
            try:
                event = json.loads(line)
            except ValueError:
                continue
            if event.get("event") == "listening":
                break
        else:
            self._process.wait()
            log.seek(0)
            tail = log.read()[-2000:]
            raise pytest.UsageError(
                "pgtestbed: `%s` exited with code %s before it was ready:\n%s"
                % (" ".join(argv), self._process.returncode, tail)
            )
        # Workers (pytest-xdist) and the tests' own subprocesses find the same service.
        os.environ[ENV_STATE] = state_file
        with open(state_file, encoding="utf-8") as f:
            state = json.load(f)
        return ServeClient(state["url"], state["token"])

    def stop(self):
        if self._process is None:
            if self._log is not None:
                self._log.close()
                self._log = None
            return
        self._process.send_signal(signal.SIGTERM)
        try:
            self._process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        _drain_until_closed(self._process.stdout, timeout=60)
        self._process.stdout.close()
        self._process = None
        if self._log is not None:
            # The service's closing summary of the perf records (PGTESTBED_PERF=1), if any.
            self._log.seek(0)
            for line in self._log:
                if line.startswith("pgtestbed perf:"):
                    sys.stderr.write(line)
            self._log.close()
            self._log = None
        os.environ.pop(ENV_STATE, None)
        shutil.rmtree(self._state_dir, ignore_errors=True)


def _drain_until_closed(stream, timeout):
    """Reads the service's stdout until every process writing to it has exited.

    Under ``npx`` the process we started is npm, which can return while the service it ran is
    still dropping the run's databases; the pipe closes only when that service exits too.
    Bounded: a process that never lets go of the pipe costs ``timeout`` seconds, not a hang.
    """
    deadline = time.monotonic() + timeout
    fd = stream.fileno()
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return
        readable, _, _ = select.select([fd], [], [], left)
        if not readable or not os.read(fd, 65536):
            return


_SERVICE = pytest.StashKey()


def _service(config):
    return config.stash[_SERVICE]


def pytest_configure(config):
    service = _Service(config)
    config.stash[_SERVICE] = service
    is_worker = hasattr(config, "workerinput")
    distributing = (getattr(config.option, "numprocesses", None) or 0) not in (0, "0") and getattr(
        config.option, "dist", "no"
    ) != "no"
    # xdist: the controller never runs fixtures, so it starts the one service for all workers now.
    if distributing and not is_worker and not config.option.collectonly:
        service.client()


def pytest_unconfigure(config):
    if _SERVICE in config.stash:
        _service(config).stop()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, "_pgtestbed_failed", getattr(item, "_pgtestbed_failed", False) or report.failed)
    if report.failed and report.when in ("setup", "call"):
        for db in getattr(item, "_pgtestbed_databases", []):
            report.sections.append(
                (
                    "pgtestbed",
                    "database of this test: %s\n"
                    "kept for inspection unless the project sets onFailure: 'drop'; "
                    "`pgtestbed db url %s` prints the full URL, `pgtestbed db prune --kept` drops kept ones"
                    % (redact_url(db["url"]), db["name"]),
                )
            )


def _held(node):
    if not hasattr(node, "_pgtestbed_databases"):
        node._pgtestbed_databases = []
    return node._pgtestbed_databases


def _acquire(client):
    """A database, with when it was handed out and how long that took (for perf records)."""
    started = time.perf_counter()
    db = client.acquire()
    db["_acquired_at"] = time.perf_counter()
    db["_acquire_ms"] = (db["_acquired_at"] - started) * 1000
    return db


def _test_of(node, db):
    """The test a database served, as the service records it when perf tracking is on."""
    path, line, _ = node.location
    return {
        "name": node.name,
        "file": path.replace(os.sep, "/"),
        "line": line + 1 if isinstance(line, int) else None,
        "suites": [n.name for n in node.listchain() if isinstance(n, pytest.Class)],
        "acquireMs": db["_acquire_ms"],
        "bodyMs": (time.perf_counter() - db["_acquired_at"]) * 1000,
    }


def _release_all(client, node):
    failed = getattr(node, "_pgtestbed_failed", False)
    for index, db in enumerate(_held(node)):
        # One record per test: the first database it took carries its name and phases.
        test = _test_of(node, db) if index == 0 else None
        client.release(db["id"], failed=failed, test=test)
    node._pgtestbed_databases = []


@pytest.fixture(scope="session")
def pgtestbed(request):
    """The client of the run's ``pgtestbed serve``: ``acquire()`` → ``{id, name, url}``, ``release(id)``."""
    try:
        return _service(request.config).client()
    except ServeError as err:
        raise pytest.UsageError(str(err)) from None


@pytest.fixture
def pgtestbed_url(pgtestbed, request):
    """A fresh database of the project's template for this test: its URL."""
    db = _acquire(pgtestbed)
    _held(request.node).append(db)
    yield db["url"]
    _release_all(pgtestbed, request.node)


@pytest.fixture(scope="session")
def pgtestbed_session_url(pgtestbed):
    """One database for the whole session (state carries over between tests)."""
    db = pgtestbed.acquire()
    yield db["url"]
    pgtestbed.release(db["id"])


class AsyncDatabases:
    """Databases for async tests: ``url = await dbs.acquire()`` runs the request in a thread."""

    def __init__(self, client, held):
        self._client = client
        self._held = held

    async def acquire(self):
        loop = asyncio.get_running_loop()
        db = await loop.run_in_executor(None, _acquire, self._client)
        self._held.append(db)
        return db["url"]


@pytest.fixture
def pgtestbed_async(pgtestbed, request):
    """For async tests: ``url = await pgtestbed_async.acquire()``; all are given back after the test."""
    yield AsyncDatabases(pgtestbed, _held(request.node))
    _release_all(pgtestbed, request.node)
