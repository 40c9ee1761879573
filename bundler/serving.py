"""`bundler serve`: gunicorn web processes on the app, and with --with-worker a job worker beside them, as one
command that one Ctrl-C stops (what `make run` uses)."""
import signal
import subprocess
import sys

import click
from flask import current_app
from flask.cli import with_appcontext


def gunicorn_command(workers: int, threads: int, host: str, port: int) -> list[str]:
    return [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--threads", str(threads),
            "--bind", f"{host}:{port}", "--access-logfile", "-", "bundler.wsgi:app"]


def bundler_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "bundler", *args]


def supervise(commands: list[list[str]], then: list[str] | None = None) -> int:
    """Run the commands together (and `then` once they started) until one ends or we are told to stop, then stop
    the rest; returns the exit code of the one that ended."""
    def stop(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    processes = [subprocess.Popen(command) for command in commands]
    code = 0
    try:
        if then and subprocess.run(then, check=False).returncode:
            raise KeyboardInterrupt
        while all(process.poll() is None for process in processes):
            try:
                processes[0].wait(timeout=0.5)
            except subprocess.TimeoutExpired:
                pass
        code = next(process.returncode for process in processes if process.returncode is not None)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    return code


@click.command("serve")
@click.option("--workers", "-w", type=click.IntRange(min=1), default=2, show_default=True,
              help="Web processes.")
@click.option("--threads", type=click.IntRange(min=1), default=4, show_default=True,
              help="Threads in each web process.")
@click.option("--host", "-h", default="127.0.0.1", show_default=True)
@click.option("--port", "-p", type=int, default=5000, show_default=True)
@click.option("--with-worker", is_flag=True, help="Also run a job worker here (the one-machine set-up).")
@click.option("--demo", is_flag=True, help="Add the demo case once started (`bundler demo`), and print its "
              "sign-ins.")
@with_appcontext
def serve_command(workers, threads, host, port, with_worker, demo):
    """Serve the app with gunicorn (behind a reverse proxy in production)."""
    commands = [gunicorn_command(workers, threads, host, port)]
    if with_worker:
        commands.append(bundler_command("worker", "--concurrency", str(current_app.config["JOB_WORKERS"])))
    sys.exit(supervise(commands, then=bundler_command("demo") if demo else None))
