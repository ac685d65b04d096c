"""One bench database, created empty, migrated, seeded; dropped at the end. Its Redis database
starts empty too: what an earlier run cached (sessions, versions, panels) names rows of a
database that is gone."""

import json
import os
import subprocess
import time
from typing import Any

import psycopg2
import redis

from .environment import PG, PYTHON, ROOT


def bench_env(database_url: str, redis_url: str | None = None) -> dict[str, str]:
    """The environment of the bench's processes (gunicorn, manage.py, bench.tasks): the bench's
    settings (production's and the floor view) on this database and Redis."""
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url or os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15"),
        "SECRET_KEY": "bench-only-secret-key-not-used-anywhere-else",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "off",
        "CONN_MAX_AGE": "600",
        "LOG_LEVEL": "WARNING",
        "DEBUG": "off",
    }


class Database:
    """One bench database, created empty, migrated, seeded; dropped by `drop`."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.url = f"{PG}/{name}"
        self.env = bench_env(self.url)
        admin = psycopg2.connect(f"{PG}/postgres")
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{name}"')
        admin.close()
        redis.Redis.from_url(self.env["REDIS_URL"]).flushdb()
        self.connection = psycopg2.connect(self.url)

    def manage(self, *args: str) -> str:
        done = subprocess.run(  # noqa: S603
            [str(PYTHON), str(ROOT / "manage.py"), *args],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
        return done.stdout

    def task(self, *args: str) -> dict[str, Any]:
        done = subprocess.run(  # noqa: S603
            [str(PYTHON), "-m", "bench.tasks", *args],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise RuntimeError(f"bench.tasks {' '.join(args)} failed:\n{done.stderr[-3000:]}")
        return json.loads(done.stdout.strip().splitlines()[-1])

    def migrate(self) -> None:
        try:
            self.manage("migrate", "--no-input", "-v0")
        except RuntimeError:
            # An app of the tree without its migrations yet (work in progress): its tables too.
            self.manage("migrate", "--no-input", "--run-syncdb", "-v0")

    def seed(self, points: int, days: int, kpis: int) -> float:
        started = time.perf_counter()
        self.manage(
            "seed_demo",
            "--only-car-maker",
            "--pos",
            str(points),
            "--regions",
            "5",
            "--zones-per-region",
            "8",
            "--days",
            str(days),
            "--kpis",
            str(kpis),
        )
        return time.perf_counter() - started

    def one(self, query: str, params: tuple[Any, ...] = ()) -> Any:
        with self.connection.cursor() as cursor:
            cursor.execute(query, params)
            row = cursor.fetchone()
        self.connection.commit()
        return row[0] if row else None

    def rows(self, query: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self.connection.cursor() as cursor:
            cursor.execute(query, params)
            found = cursor.fetchall()
        self.connection.commit()
        return found

    def drop(self) -> None:
        self.connection.close()
        admin = psycopg2.connect(f"{PG}/postgres")
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        admin.close()
