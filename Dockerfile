# The production image: gunicorn for the web, the same image runs the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=bigadvance.settings.production \
    PIP_NO_CACHE_DIR=1

RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 10001 bigadvance

WORKDIR /app
COPY pyproject.toml constraints.txt README.md ./
RUN pip install --upgrade pip && pip install -c constraints.txt .
COPY . .
# collectstatic needs settings but no real secret or database.
RUN SECRET_KEY=build-only-$(head -c 48 /dev/urandom | base64 | tr -d '/+=') ALLOWED_HOSTS=build \
    python manage.py collectstatic --noinput \
    && python manage.py compilemessages --ignore=.venv \
    && mkdir -p /app/var /app/media && chown -R bigadvance /app/var /app/media

USER bigadvance
EXPOSE 8000
CMD ["gunicorn", "bigadvance.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
