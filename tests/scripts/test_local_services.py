"""`make run` and `make test` start their own services: two of them at once must not take each other's ports,
and a second `make run` in the same folder must leave the first one alone."""

import fcntl
import os
import socket
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def listener():
    """Another program holding a port on 127.0.0.1, as a second `make run` may a moment before us."""
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        yield other.getsockname()[1]


@pytest.fixture
def service_dir(tmp_path):
    tmp_path.chmod(0o755)
    yield tmp_path
    subprocess.run([ROOT / "scripts/services", "stop", tmp_path], check=False, timeout=60)


def _services(*args):
    return subprocess.run(
        [ROOT / "scripts/services", *map(str, args)], capture_output=True, text=True, timeout=60, check=False
    )


@pytest.mark.parametrize("service", ["redis", "smtp"])
def test_a_service_never_reports_a_port_that_another_program_answers_on(service, listener, service_dir):
    started = _services(service, service_dir, listener)

    assert started.returncode == 3, started.stderr
    assert "held by another program" in started.stderr


def test_a_service_moves_to_the_next_free_port_when_its_port_is_taken(listener, service_dir):
    started = _services("any", service_dir, "redis", listener)

    assert started.returncode == 0, started.stderr
    port = int(started.stdout)
    assert port != listener
    owner = subprocess.run([ROOT / "scripts/port-owner", str(port)], capture_output=True, text=True, check=True)
    assert owner.stdout.split() == [(service_dir / "redis.pid").read_text().strip()]


def test_second_make_run_in_the_same_folder_says_where_the_first_serves_and_touches_nothing(tmp_path):
    (tmp_path / "url").write_text("http://127.0.0.1:8123/\n")
    with open(tmp_path / "lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # the first `make run`, still running
        before = sorted(path.name for path in tmp_path.iterdir())
        second = subprocess.run(
            [ROOT / "scripts/run"],
            env={**os.environ, "RUN_DIR": str(tmp_path)},
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    assert second.returncode == 1
    assert "already runs from this folder at http://127.0.0.1:8123/" in second.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == before


def test_services_up_starts_only_what_the_environment_does_not_name_and_prints_the_lines_to_export(service_dir):
    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    env["EMAIL_URL"] = "smtp://mail.example.nl:25"
    script = 'out=$("$0" up "$1" redis=0 smtp=0) && eval "$out" && echo "$REDIS_URL $EMAIL_URL"'
    shown = subprocess.run(
        ["bash", "-c", script, ROOT / "scripts/services", service_dir],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert shown.returncode == 0, shown.stderr
    redis_url, email_url = shown.stdout.split()
    assert email_url == "smtp://mail.example.nl:25"
    assert not (service_dir / "smtp.pid").exists()
    port = redis_url.removeprefix("redis://127.0.0.1:").removesuffix("/0")
    owner = subprocess.run([ROOT / "scripts/port-owner", port], capture_output=True, text=True, check=True)
    assert owner.stdout.split() == [(service_dir / "redis.pid").read_text().strip()]
