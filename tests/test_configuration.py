"""Start-up with bad settings stops with one line naming the variable; production settings pass
`manage.py check --deploy` without a warning. Each case starts a fresh Python process."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(__file__).resolve().parent.parent


def production_environment(**overrides):
    database = settings.DATABASES["default"]
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DEBUG",
            "USE_HTTPS",
            "SITE_URL",
            "SECRET_KEY",
            "DATABASE_URL",
            "ALLOWED_HOSTS",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    env.update(
        SECRET_KEY="p" * 20 + "-production-secret-key-that-is-long-enough-" + "x" * 20,
        DATABASE_URL=f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        ALLOWED_HOSTS="leernetwerk.example.nl",
        SITE_URL="https://leernetwerk.example.nl",
    )
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("SECRET_KEY", None, "SECRET_KEY is not set"),
        ("SECRET_KEY", "short", "SECRET_KEY must be at least 50 characters long"),
        ("DATABASE_URL", None, "DATABASE_URL is not set"),
        ("DATABASE_URL", "mysql://root@127.0.0.1/leernetwerk", "DATABASE_URL is not a PostgreSQL URL"),
        ("DATABASE_URL", "postgres://host:notaport/leernetwerk", "DATABASE_URL is not a PostgreSQL URL"),
        ("DATABASE_URL", "just some words", "DATABASE_URL is not a PostgreSQL URL"),
        ("REDIS_URL", None, "REDIS_URL is not set"),
        ("REDIS_URL", "localhost:6379", "REDIS_URL is not a Redis URL"),
        ("DATABASE_RANDOM_PAGE_COST", "cheap", "DATABASE_RANDOM_PAGE_COST must be a positive number"),
        ("DATABASE_RANDOM_PAGE_COST", "0", "DATABASE_RANDOM_PAGE_COST must be a positive number"),
        ("DATABASE_RANDOM_PAGE_COST", "nan", "DATABASE_RANDOM_PAGE_COST must be a positive number"),
        ("DATABASE_RANDOM_PAGE_COST", "inf", "DATABASE_RANDOM_PAGE_COST must be a positive number"),
    ],
)
def test_bad_production_setting_stops_with_one_line_naming_it(variable, value, message):
    result = manage(production_environment(**{variable: value}), "check")
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"Configuration error: {message}")
    assert "Traceback" not in result.stderr + result.stdout


def test_production_settings_pass_the_deploy_check_without_warnings():
    result = manage(production_environment(), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_development_mode_needs_no_settings():
    env = production_environment(DEBUG="true", SECRET_KEY=None, DATABASE_URL=None, REDIS_URL=None)
    result = manage(env, "shell", "-v", "0", "-c", "from django.conf import settings; print(settings.SECRET_KEY)")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "development-only-insecure-key"


def test_each_database_connection_costs_a_page_read_out_of_order_as_on_ssd_unless_told_otherwise(db):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone() == ("1.1",)
    read_options = "from django.conf import settings; print(settings.DATABASES['default'].get('OPTIONS', {}))"

    def options(**environment):
        result = manage(production_environment(**environment), "shell", "-v", "0", "-c", read_options)
        assert result.returncode == 0 and result.stdout.startswith("{"), result.stdout + result.stderr
        return result.stdout

    assert "random_page_cost" not in options(DATABASE_RANDOM_PAGE_COST="")
    # Behind a pooler (PgBouncer refuses startup options it does not know) it is the database's to set.
    assert "random_page_cost" not in options(DATABASE_SERVER_PREPARE="false")
    assert "-c random_page_cost=1.5" in options(DATABASE_SERVER_PREPARE="false", DATABASE_RANDOM_PAGE_COST=" 1.50")
