"""Where one page's time goes: `python scripts/profile_page.py USER PATH` (USER `-` for anonymous).

Runs the WSGI application in this process under the benchmark's settings (scripts/bench_settings.py) on the
database of DATABASE_URL (seed it with `make bench-pages` first), signs USER in through a session, warms
the page up, then serves it --requests times under cProfile and prints the most expensive functions and the
queries of one request. A tool for finding per-request costs; `make bench-pages` is the measure.
"""

import argparse
import cProfile
import io
import os
import pstats
import secrets
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _environ(path: str, cookies: dict[str, str]) -> dict:
    from wsgiref.util import setup_testing_defaults

    environ = {"PATH_INFO": path, "REQUEST_METHOD": "GET", "HTTP_HOST": "127.0.0.1",
               "HTTP_X_FORWARDED_PROTO": "https", "HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0",
               "HTTP_COOKIE": "; ".join(f"{k}={v}" for k, v in cookies.items())}
    setup_testing_defaults(environ)
    environ["wsgi.input"] = io.BytesIO(b"")
    return environ


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("user")
    parser.add_argument("path")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--sort", default="tottime", help="pstats sort key (tottime, cumulative)")
    parser.add_argument("--full-sql", action="store_true", help="print the queries whole")
    parser.add_argument("--save", help="also write the profile to this file (for pstats or snakeviz)")
    parser.add_argument("--timing", action="store_true",
                        help="no profile: CPU ms per request of the page and of the plain view of its kind")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="profile-page-"))
    os.environ.update(DJANGO_SETTINGS_MODULE="scripts.bench_settings", ALLOWED_HOSTS="127.0.0.1",
                      LOG_LEVEL="WARNING", STATIC_ROOT=os.environ.get("STATIC_ROOT", str(workdir / "static")),
                      EMAIL_FILE_PATH=str(workdir / "mail"), MONITORING_SPOOL_DIR=str(workdir / "monitoring"))
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(48))
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from django.db import connection, reset_queries
    from django.utils.module_loading import import_string

    if not Path(settings.STATIC_ROOT, "staticfiles.json").exists():
        call_command("collectstatic", "--noinput", verbosity=0)
    cookies: dict[str, str] = {}
    if args.user != "-":
        user = get_user_model().objects.unscoped("profiling").get(username=args.user)
        store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")()
        store.update({SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: "members.auth.AccountBackend",
                      HASH_SESSION_KEY: user.get_session_auth_hash()})
        store.create()
        cookies[settings.SESSION_COOKIE_NAME] = store.session_key
    application = get_wsgi_application()
    status_line = []

    def start_response(status, headers, exc_info=None):
        status_line.append(status)

    def serve(path: str = args.path) -> None:
        body = application(_environ(path, cookies), start_response)
        b"".join(body)
        body.close()

    for _ in range(20):
        serve()
    if not status_line[-1].startswith("200"):
        raise SystemExit(f"{args.path} as {args.user}: {status_line[-1]}")
    if args.timing:
        plain = "/bench/anonymous/" if args.user == "-" else "/bench/signed-in/"
        for _ in range(20):
            serve(plain)
        samples: dict[str, list[float]] = {args.path: [], plain: []}
        for _ in range(max(args.requests // 10, 1)):  # interleaved batches; the fastest is the least disturbed
            for path in samples:
                started = time.process_time()
                for _ in range(10):
                    serve(path)
                samples[path].append((time.process_time() - started) * 100)
        page, base = (min(samples[path]) for path in (args.path, plain))
        print(f"{args.path}: {page:.2f} CPU ms, {plain}: {base:.2f} CPU ms, ratio {base / page:.2f}")
        return
    connection.force_debug_cursor = True
    reset_queries()
    serve()
    queries = list(connection.queries)
    connection.force_debug_cursor = False
    started = time.process_time()
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(args.requests):
        serve()
    profile.disable()
    cpu = (time.process_time() - started) * 1000 / args.requests
    if args.save:
        profile.dump_stats(args.save)
    stats = pstats.Stats(profile).strip_dirs().sort_stats(args.sort)
    stats.print_stats(args.top)
    print(f"{len(queries)} queries:")
    for query in queries:
        print(f"  {query['sql'] if args.full_sql else query['sql'][:200]}")
    print(f"CPU ms per request under the profiler: {cpu:.2f}; function calls per request: "
          f"{stats.total_calls / args.requests:.0f}")


if __name__ == "__main__":
    main()
