"""`make bench-pages`: requests per second of the main pages against plain views on the same server.

Starts gunicorn (2 sync workers, production settings plus two plain views from scripts/bench_urls.py) on
the PostgreSQL database of DATABASE_URL (created if missing, migrated, demo data loaded), signs in as the
demo users and measures each page with a bounded number of requests from a few threads, to 127.0.0.1 only.
It prints each page's rate, its ratio to the plain view of its kind and the goal (issue 6, item 20):
every signed-in page >= 0.6x the signed-in plain view, the login page >= 0.6x the anonymous plain view.

This is a measurement, not a test: the machine's other load moves the numbers, so rounds are interleaved
and the median of each target is reported. Beside the rate, the CPU time the gunicorn workers spent per
request (from /proc) is shown with its own ratio: it moves much less with the machine's other load.
REDIS_URL, when set, gives the cache, sessions and broker.
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
    ("demo-bank-member", "/api/v1/me/"),
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


def _worker_cpu_seconds(master_pid: int) -> float:
    """User and system CPU time of gunicorn's workers so far (Linux /proc; 0 elsewhere)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == master_pid:  # ppid
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def measure(port: int, cookies: dict[str, str], path: str, *, count: int, threads: int, seconds: float,
            master_pid: int = 0) -> tuple[float, float]:
    """(requests per second, worker CPU ms per request) for `count` requests (or fewer if `seconds` run
    out) from `threads` threads."""
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

    cpu_before = _worker_cpu_seconds(master_pid) if master_pid else 0.0
    started = time.monotonic()
    workers = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    elapsed = time.monotonic() - started
    cpu = (_worker_cpu_seconds(master_pid) - cpu_before) if master_pid else 0.0
    if errors:
        raise SystemExit(f"{len(errors)} failed requests, e.g. {errors[0]}")
    return done[0] / elapsed, cpu * 1000 / max(done[0], 1)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _create_database(url: str) -> None:
    import psycopg2

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = psycopg2.connect(host=parts.hostname, port=parts.port or 5432, user=parts.username,
                             password=parts.password, dbname="postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


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


def _report(rates: dict[tuple, float], cpu: dict[tuple, float]) -> None:
    print(f"\n{'user':<18} {'path':<26} {'req/s':>7} {'ratio':>6} {'CPU ms':>7} {'ratio':>6}  goal (req/s ratio)")
    for target, label in [(SIGNED_IN_PLAIN, "signed-in plain"), (ANONYMOUS_PLAIN, "anonymous plain")]:
        print(f"{target[0] or 'anonymous':<18} {target[1]:<26} {rates[target]:7.1f} {1:6.2f} {cpu[target]:7.2f} "
              f"{1:6.2f}  ({label})")
    missed = []
    for target, base in [(LOGIN_PAGE, ANONYMOUS_PLAIN), *((page, SIGNED_IN_PLAIN) for page in SIGNED_IN_PAGES)]:
        ratio = rates[target] / rates[base]
        cpu_ratio = cpu[base] / cpu[target] if cpu[target] else 0.0
        if ratio < GOAL:
            missed.append(target[1])
        print(f"{target[0] or 'anonymous':<18} {target[1]:<26} {rates[target]:7.1f} {ratio:6.2f} {cpu[target]:7.2f} "
              f"{cpu_ratio:6.2f}  >= {GOAL} {'ok' if ratio >= GOAL else 'BELOW'}")
    probe = (None, "/healthz")
    print(f"{'anonymous':<18} {probe[1]:<26} {rates[probe]:7.1f} {'':6} {cpu[probe]:7.2f} {'':6}  (probe, skips "
          f"maintenance mode)")
    print("\nGoal: every signed-in page >= 0.6x the signed-in plain view; login page >= 0.6x the anonymous plain view.")
    print("Goal met." if not missed else f"Goal missed by: {', '.join(missed)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300, help="requests per target and round (default 300)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds; the median is reported")
    parser.add_argument("--threads", type=int, default=4, help="client threads (default 4)")
    parser.add_argument("--seconds", type=float, default=15.0, help="time cap per target and round")
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
    _manage(env, "migrate", "--noinput")
    _manage(env, "seed_demo")
    _manage(env, "collectstatic", "--noinput")

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
        targets = [SIGNED_IN_PLAIN, ANONYMOUS_PLAIN, LOGIN_PAGE, (None, "/healthz"), *SIGNED_IN_PAGES]
        for user, path in targets:  # warm both workers: connections, templates, per-process state
            measure(port, sessions[user], path, count=20, threads=args.threads, seconds=args.seconds)
        samples: dict[tuple, list[tuple[float, float]]] = {target: [] for target in targets}
        for round_number in range(1, args.rounds + 1):
            print(f"Round {round_number}/{args.rounds} ...", flush=True)
            for user, path in targets:
                samples[(user, path)].append(measure(port, sessions[user], path, count=args.requests,
                                                     threads=args.threads, seconds=args.seconds,
                                                     master_pid=server.pid))
        _report({target: statistics.median(rate for rate, _ in values) for target, values in samples.items()},
                {target: statistics.median(cpu for _, cpu in values) for target, values in samples.items()})
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
