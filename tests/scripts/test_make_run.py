"""`make run` as a whole: its own services, the Procfile's three processes under honcho, and Ctrl-C that
leaves nothing running. Starts everything for real (about 30-60 s), so it is marked `run`."""

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Settings of the test run that would make `make run` use the suite's services or addresses.
NOT_PASSED_ON = {"DATABASE_URL", "REDIS_URL", "EMAIL_URL", "MAIL_SINK_DIR", "SITE_URL", "PORT", "MEDIA_ROOT"}


def _processes_of(run_dir):
    """{pid: (command line, honcho's process name)} of every process that belongs to the run in run_dir: those
    with its RUN_DIR in their environment (scripts/run exports it before it starts anything), PostgreSQL,
    whose command line names its data folder there, and Redis, which writes its title over both."""
    found = {}
    redis = run_dir / "redis.pid"
    with contextlib.suppress(OSError, ValueError):
        pid = int(redis.read_text())
        found[pid] = (Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(), "")
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:  # gone meanwhile
            continue
        if (f"RUN_DIR={run_dir}".encode() in environ or str(run_dir) in cmdline) and _alive(pid):
            names = [line.split(b"=", 1)[1].decode() for line in environ if line.startswith(b"HONCHO_PROCESS_NAME=")]
            found[int(pid)] = (cmdline, names[0] if names else "")
    return found


def _alive(pid):
    """Running, not a zombie that waits for the init process to collect it."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0] != "Z"
    except OSError:
        return False


def _wait_for(condition, seconds):
    for _ in range(int(seconds * 5)):
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def _answers(url):
    try:
        with urllib.request.urlopen(url + "healthz", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.fixture
def run_dir():
    """The run's folder, in /tmp so that the postgres user reaches it and the cluster goes with it; whatever of
    the run is left when the test fails is stopped and removed."""
    run_dir = Path(tempfile.mkdtemp(prefix="leernetwerk-run-test."))
    run_dir.chmod(0o755)
    yield run_dir
    subprocess.run([ROOT / "scripts/services", "stop", run_dir], check=False, timeout=60)
    for pid in _processes_of(run_dir):
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    shutil.rmtree(run_dir, ignore_errors=True)


@pytest.mark.run
def test_make_run_serves_web_worker_and_beat_from_the_procfile_and_ctrl_c_leaves_nothing_running(run_dir, tmp_path):
    env = {key: value for key, value in os.environ.items() if key not in NOT_PASSED_ON}
    env.update(RUN_DIR=str(run_dir), DEMO_DATA="false")
    with open(tmp_path / "output", "w+b") as output:
        # Its own session: Ctrl-C in a terminal reaches the whole foreground process group, and so do we.
        run = subprocess.Popen(
            [ROOT / "scripts/run"], env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            assert _wait_for(lambda: (run_dir / "url").exists() or run.poll() is not None, 240), "no url file"
            assert run.poll() is None, "scripts/run ended before it served"
            url = (run_dir / "url").read_text().strip()
            assert _answers(url)

            running = _processes_of(run_dir)
            names = {name for _cmdline, name in running.values()}
            commands = " | ".join(cmdline for cmdline, _name in running.values())
            assert {"web.1", "worker.1", "beat.1"} <= names, commands
            assert "gunicorn leernetwerk.wsgi" in commands
            assert "-A leernetwerk worker" in commands
            assert "-A leernetwerk beat" in commands
            assert "postgres -D" in commands
            assert "aiosmtpd" in commands
            assert "redis-server" in commands

            os.killpg(run.pid, signal.SIGINT)
            run.wait(timeout=30)
            assert _wait_for(lambda: not _processes_of(run_dir), 20), _processes_of(run_dir)
            assert not [pid for pid in running if _alive(pid)], running
            assert not (run_dir / "url").exists()
            assert not _answers(url)
        finally:
            if run.poll() is None:
                os.killpg(run.pid, signal.SIGKILL)
                run.wait()
            output.seek(0)
            print(output.read().decode(errors="replace"))  # shown by pytest when the test fails
