"""Settings for `make bench-pages` only: production settings plus two plain views to compare pages against."""

from bigadvance.settings.production import *  # noqa: F401,F403

ROOT_URLCONF = "scripts.bench_urls"
