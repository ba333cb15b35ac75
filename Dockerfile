# Qamqor's image: the package installed from its wheel (no source tree), run as a non-root user.
#   docker compose up -d --build     the bot with PostgreSQL and Redis (docker-compose.yml)
#   docker build -t qamqor . && docker run --env-file .env -v qamqor-data:/app/data qamqor
#                                    alone, on SQLite in the volume

# ---- builder: the project and its dependencies as wheels -------------------------------------
FROM python:3.11.11-slim-bookworm AS builder

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /src

# Dependencies first, in their own layer: rebuilt only when pyproject.toml changes.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > requirements.txt \
    && pip wheel --wheel-dir /wheels -r requirements.txt

# Then the project's own wheel; .dockerignore lets in only what the package is built from.
COPY . .
RUN pip wheel --no-deps --wheel-dir /wheels .

# ---- runtime: the wheels installed, nothing else kept ------------------------------------------
FROM python:3.11.11-slim-bookworm

# WEBHOOK_PORT set: /healthz and /metrics are served there in polling mode too (the healthcheck).
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    WEBHOOK_PORT=8080

# Mounted from the builder, not copied: no layer keeps the wheels or the source.
RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels \
    pip install --no-index --find-links=/wheels qamqor

RUN groupadd --system --gid 10001 qamqor \
    && useradd --system --uid 10001 --gid qamqor --home-dir /app --shell /usr/sbin/nologin qamqor \
    && mkdir -p /app/data \
    && chown qamqor:qamqor /app/data
WORKDIR /app
USER 10001:10001

EXPOSE 8080
# The slim image has no curl: Python's urllib asks /healthz (200 only when the database answers
# and the scheduler runs), bypassing any proxy the environment names.
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as u; u.build_opener(u.ProxyHandler({})).open('http://127.0.0.1:' + os.environ.get('WEBHOOK_PORT', '8080') + '/healthz', timeout=4)"]

CMD ["qamqor"]
