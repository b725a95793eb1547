"""`make bench-pages`: what each main page costs the server against a plain view on the same server.

Starts gunicorn (2 sync workers, production settings plus two plain views from scripts/bench_urls.py) on
the PostgreSQL database of DATABASE_URL (created if missing, migrated, demo data loaded, analyzed), signs
in as the demo users and measures each page with a bounded number of requests from a few threads, to
127.0.0.1 only. REDIS_URL, when set, gives the cache, sessions and broker.

Per page it prints the rate and the server's CPU time per request: the gunicorn workers' and their
PostgreSQL backends' (from /proc; the database runs on this machine too). The goal (issue 6, item 20) is
judged on the CPU ratio, which bounds the requests per second a server can answer and moves far less than
the rate with the machine's other load: every signed-in page >= 0.6x the signed-in plain view, the login
page >= 0.6x the anonymous plain view. Each page gets PASS or FAIL; the exit status is 1 if any failed.

This is a measurement, not a test: rounds are interleaved and the median of each target is reported. Run
it on a quiet machine and more than once. `--only PATH ...` measures a few pages, `--no-prepare` reuses
the database of a previous run; `scripts/profile_page.py` shows where one page's time goes.
"""

import argparse
import base64
import hmac
import http.client
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
DEMO_PASSWORD = "BigAdvance-demo-2026"
# The demo's published two-factor secrets (members/twofactor/demo.py): staff give a code after the password.
DEMO_TOTP_SECRETS = {"support": "BIGADVANCEDEMOSUPPORT2FA", "syslead": "BIGADVANCEDEMOSYSLEAD2FA",
                     "operator": "BIGADVANCEDEMOOPERATOR2F", "demo-kumiai-admin": "BIGADVANCEDEMOKUMIAI2FAA"}
GOAL = 0.6

SIGNED_IN_PLAIN = ("demo-bank-member", "/bench/signed-in/")
ANONYMOUS_PLAIN = (None, "/bench/anonymous/")
LOGIN_PAGE = (None, "/accounts/login/")
SIGNED_IN_PAGES = [
    ("demo-bank-member", "/portal/"),
    ("demo-bank-member", "/status/"),
    ("demo-bank-member", "/documents/"),
    ("demo-bank-admin", "/api/v1/me/"),
    ("demo-bank-admin", "/console/"),
    ("demo-bank-admin", "/console/companies/"),
    ("demo-bank-admin", "/console/accounts/"),
    ("support", "/desk/"),
    ("operator", "/operations/"),
    ("operator", "/operations/maintenance/"),
    ("operator", "/operations/incidents/"),
    ("operator", "/operations/health/"),
]


@dataclass
class Client:
    port: int
    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, path: str, *, method: str = "GET", form: dict | None = None) -> tuple[int, str]:
        headers = {"Host": f"{HOST}:{self.port}", "X-Forwarded-Proto": "https"}  # as behind the TLS proxy
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers.update({"Content-Type": "application/x-www-form-urlencoded",
                            "Origin": f"https://{HOST}:{self.port}",
                            "Referer": f"https://{HOST}:{self.port}{path}"})
        connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    self.cookies[key.strip()] = rest.split(";", 1)[0]
            return response.status, text
        finally:
            connection.close()

    def log_in(self, username: str) -> None:
        _, page = self.request("/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if token is None:
            raise SystemExit("The login page carries no CSRF token.")
        status, _ = self.request("/accounts/login/", method="POST", form={
            "csrfmiddlewaretoken": token.group(1), "username": username, "password": DEMO_PASSWORD})
        if status != 302:
            raise SystemExit(f"Could not sign in as {username} (HTTP {status}).")
        if username in DEMO_TOTP_SECRETS:
            _, page = self.request("/accounts/two-factor/verify/")
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
            status, _ = self.request("/accounts/two-factor/verify/", method="POST", form={
                "csrfmiddlewaretoken": token.group(1) if token else "", "code": _totp(DEMO_TOTP_SECRETS[username])})
            if status != 302:
                raise SystemExit(f"Could not give {username}'s two-factor code (HTTP {status}).")


def _totp(secret: str) -> str:
    """RFC 6238 with the authenticator apps' defaults (SHA-1, 30 s, 6 digits)."""
    digest = hmac.new(base64.b32decode(secret), int(time.time() // 30).to_bytes(8, "big"), "sha1").digest()
    offset = digest[-1] & 0x0F
    return f"{(int.from_bytes(digest[offset:offset + 4], 'big') & 0x7FFFFFFF) % 1_000_000:06d}"


def _cpu_ticks(pid: int) -> tuple[int, int]:
    """(parent pid, user + system CPU ticks) of a process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[1]), int(fields[11]) + int(fields[12])


@dataclass
class ServerCpu:
    """CPU time of the server: gunicorn's workers and the PostgreSQL backends that serve them (the database
    runs on this machine too, and a page's queries cost its CPU as much as the worker's own)."""

    master_pid: int
    database_url: str

    def snapshot(self) -> dict[str, dict[int, int]]:
        workers, backends = {}, {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                ppid, ticks = _cpu_ticks(int(stat.parent.name))
            except (OSError, IndexError, ValueError):
                continue
            if ppid == self.master_pid:
                workers[int(stat.parent.name)] = ticks
        for pid in self._backend_pids():
            try:
                backends[pid] = _cpu_ticks(pid)[1]
            except (OSError, IndexError, ValueError):
                continue
        return {"workers": workers, "database": backends}

    def _backend_pids(self) -> list[int]:
        connection = _connect(self.database_url)
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                               "AND backend_type = 'client backend' AND pid <> pg_backend_pid()")
                return [row[0] for row in cursor.fetchall()]
        finally:
            connection.close()

    @staticmethod
    def spent(before: dict[str, dict[int, int]], after: dict[str, dict[int, int]]) -> dict[str, float]:
        """Seconds of CPU per kind between two snapshots (a process that started in between counts whole)."""
        tick = os.sysconf("SC_CLK_TCK")
        return {kind: sum(ticks - before[kind].get(pid, 0) for pid, ticks in after[kind].items()) / tick
                for kind in after}


@dataclass
class Sample:
    rate: float  # requests per second
    worker_ms: float  # gunicorn workers' CPU per request
    database_ms: float  # their PostgreSQL backends' CPU per request

    @property
    def cpu_ms(self) -> float:
        return self.worker_ms + self.database_ms


def measure(port: int, cookies: dict[str, str], path: str, *, count: int, threads: int, seconds: float,
            server: ServerCpu | None = None) -> Sample:
    """Rate and server CPU per request for `count` requests (or fewer if `seconds` run out) from `threads`
    threads."""
    remaining = [count]
    errors: list[str] = []
    done = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker() -> None:
        client = Client(port, dict(cookies))
        while time.monotonic() < deadline:
            with lock:
                if remaining[0] <= 0:
                    return
                remaining[0] -= 1
            status, _ = client.request(path)
            with lock:
                done[0] += 1
                if status != 200:
                    errors.append(f"{path}: HTTP {status}")
            client.cookies = dict(cookies)  # every request as the same signed-in browser

    cpu_before = server.snapshot() if server else None
    started = time.monotonic()
    workers = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    elapsed = time.monotonic() - started
    cpu = ServerCpu.spent(cpu_before, server.snapshot()) if server else {"workers": 0.0, "database": 0.0}
    if errors:
        raise SystemExit(f"{len(errors)} failed requests, e.g. {errors[0]}")
    requests = max(done[0], 1)
    return Sample(done[0] / elapsed, cpu["workers"] * 1000 / requests, cpu["database"] * 1000 / requests)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _connect(url: str, database: str | None = None):
    import psycopg2

    parts = urlsplit(url)
    connection = psycopg2.connect(host=parts.hostname, port=parts.port or 5432, user=parts.username,
                                  password=parts.password, dbname=database or parts.path.lstrip("/"))
    connection.autocommit = True
    return connection


def _create_database(url: str) -> None:
    name = urlsplit(url).path.lstrip("/")
    admin = _connect(url, "postgres")
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def _analyze(url: str) -> None:
    """Fresh statistics, as autovacuum keeps them on a running server (a freshly seeded database has none,
    and the planner then picks nested loops that cost the pages milliseconds)."""
    connection = _connect(url)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    connection.close()


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,  # noqa: S603
                   stdout=subprocess.DEVNULL)


def _wait_until_up(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn stopped while starting.")
        try:
            if Client(port).request("/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit("gunicorn did not answer /healthz within 60 seconds.")


def _median(samples: list[Sample]) -> Sample:
    return Sample(*(statistics.median(getattr(sample, name) for sample in samples)
                    for name in ("rate", "worker_ms", "database_ms")))


def _report(results: dict[tuple, Sample], pages: list[tuple]) -> bool:
    """Print the table; True when every page measured meets its goal."""
    print(f"\n{'user':<17} {'path':<25} {'req/s':>6} {'ratio':>5}  {'worker':>6} {'db':>5} {'CPU ms':>6} {'ratio':>5}"
          f"  result (CPU ratio >= {GOAL})")
    for target, label in [(SIGNED_IN_PLAIN, "signed-in plain"), (ANONYMOUS_PLAIN, "anonymous plain")]:
        result = results[target]
        print(f"{target[0] or 'anonymous':<17} {target[1]:<25} {result.rate:6.1f} {1:5.2f}  {result.worker_ms:6.2f} "
              f"{result.database_ms:5.2f} {result.cpu_ms:6.2f} {1:5.2f}  ({label})")
    passed = True
    for target in pages:
        base = results[ANONYMOUS_PLAIN if target == LOGIN_PAGE else SIGNED_IN_PLAIN]
        result = results[target]
        rate_ratio = result.rate / base.rate
        cpu_ratio = base.cpu_ms / result.cpu_ms if result.cpu_ms else 0.0
        passed = passed and cpu_ratio >= GOAL
        print(f"{target[0] or 'anonymous':<17} {target[1]:<25} {result.rate:6.1f} {rate_ratio:5.2f}  "
              f"{result.worker_ms:6.2f} {result.database_ms:5.2f} {result.cpu_ms:6.2f} {cpu_ratio:5.2f}  "
              f"{'PASS' if cpu_ratio >= GOAL else 'FAIL'}")
    probe = results[(None, "/healthz")]
    print(f"{'anonymous':<17} {'/healthz':<25} {probe.rate:6.1f} {'':5}  {probe.worker_ms:6.2f} {probe.database_ms:5.2f} "
          f"{probe.cpu_ms:6.2f} {'':5}  (probe, skips maintenance mode)")
    print(f"\nGoal (issue 6, item 20): every signed-in page >= {GOAL}x the signed-in plain view, the login page >= "
          f"{GOAL}x the anonymous plain view.\nJudged on the server's CPU per request (workers + database), which "
          "bounds its requests per second and moves far less than the rate with the machine's other load.")
    print("Goal met." if passed else "Goal missed (FAIL above).")
    return passed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300, help="requests per target and round (default 300)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds; the median is reported")
    parser.add_argument("--threads", type=int, default=4, help="client threads (default 4)")
    parser.add_argument("--seconds", type=float, default=15.0, help="time cap per target and round")
    parser.add_argument("--only", nargs="*", default=[], metavar="PATH",
                        help="measure only these pages (with their plain views), e.g. --only /portal/")
    parser.add_argument("--no-prepare", action="store_true",
                        help="skip migrate, seed_demo and collectstatic (the database is ready from a previous run)")
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("Set DATABASE_URL to a PostgreSQL database, e.g. postgres://postgres@127.0.0.1:5432/ba_bench")

    workdir = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="scripts.bench_settings", SECRET_KEY=secrets.token_urlsafe(48),
               ALLOWED_HOSTS=HOST, LOG_LEVEL="WARNING", STATIC_ROOT=str(workdir / "static"),
               EMAIL_FILE_PATH=str(workdir / "mail"), MONITORING_SPOOL_DIR=str(workdir / "monitoring"),
               CELERY_TASK_ALWAYS_EAGER="true", PYTHONPATH=str(ROOT))
    _create_database(database_url)
    print("Preparing the database and static files ...", flush=True)
    if not args.no_prepare:
        _manage(env, "migrate", "--noinput")
        _manage(env, "seed_demo")
    _manage(env, "collectstatic", "--noinput")
    _analyze(database_url)

    port = _free_port()
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "--workers", "2", "--worker-class", "sync", "--bind", f"{HOST}:{port}",
         "--log-level", "warning", "bigadvance.wsgi:application"], cwd=ROOT, env=env)
    try:
        _wait_until_up(port, server)
        sessions: dict[str | None, dict[str, str]] = {None: {}}
        for username in {user for user, _ in [SIGNED_IN_PLAIN, *SIGNED_IN_PAGES]}:
            client = Client(port)
            client.log_in(username)
            sessions[username] = client.cookies
        pages = [LOGIN_PAGE, *SIGNED_IN_PAGES]
        if args.only:
            pages = [page for page in pages if page[1] in args.only]
        targets = [SIGNED_IN_PLAIN, ANONYMOUS_PLAIN, (None, "/healthz"), *pages]
        for user, path in targets:  # warm both workers: connections, templates, per-process state
            measure(port, sessions[user], path, count=20, threads=args.threads, seconds=args.seconds)
        server_cpu = ServerCpu(server.pid, database_url)
        samples: dict[tuple, list[Sample]] = {target: [] for target in targets}
        for round_number in range(1, args.rounds + 1):
            print(f"Round {round_number}/{args.rounds} ...", flush=True)
            for user, path in targets:
                samples[(user, path)].append(measure(port, sessions[user], path, count=args.requests,
                                                     threads=args.threads, seconds=args.seconds,
                                                     server=server_cpu))
        passed = _report({target: _median(values) for target, values in samples.items()}, pages)
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
