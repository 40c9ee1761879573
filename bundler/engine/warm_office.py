"""A LibreOffice kept running for Word conversions, so each file does not pay LibreOffice's start-up (seconds).

unoserver (PyPI) serves conversions over XML-RPC from a LibreOffice it starts itself. Its server needs the `uno`
module, which only Debian's python3-uno provides, for Debian's own python3: so the server runs under that Python,
seeing unoserver through a folder of links, while this side only speaks XML-RPC. One server per process, started on
the first conversion, on loopback ports of its own, with a LibreOffice profile of its own in a temporary folder; in
a process group of its own, so a conversion that takes too long kills it (and LibreOffice) at once, and the next
conversion starts a fresh one. A server that died between conversions is started again. It is stopped when the
process exits. When it cannot be had, `convert` says so and the caller starts LibreOffice itself.
"""
import atexit
import http.client
import importlib.util
import logging
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import xmlrpc.client
from pathlib import Path

from .limits import MB

SERVER_PYTHON = "/usr/bin/python3"  # Debian's, which python3-uno's `uno` module is built for
START_SECONDS = 60  # unoserver waits 7 s for LibreOffice before it answers
log = logging.getLogger(__name__)


class WarmOffice:
    def __init__(self, soffice: str, memory_mb: int):
        self.soffice, self.memory_mb = soffice, memory_mb
        self.process: subprocess.Popen | None = None
        self.unavailable = ""  # why the server cannot be started in this process, once that is known
        self._folder: Path | None = None
        self._port = 0
        self._lock = threading.Lock()

    def convert(self, source: Path, target: Path, timeout: float) -> bool:
        """Convert `source` to the PDF `target`: True when LibreOffice answered (`target` is there unless it could
        not read the file), False when the server could not be asked (the caller converts the file itself).
        subprocess.TimeoutExpired when it takes longer than `timeout` seconds: the server is killed."""
        with self._lock:
            if not self._running():
                return False
            proxy = xmlrpc.client.ServerProxy(f"http://127.0.0.1:{self._port}", allow_none=True,
                                              transport=_Transport(timeout))
            try:
                proxy.convert(str(source), None, str(target), "pdf", None, [], False, None, None)
            except TimeoutError:
                self._stop()
                raise subprocess.TimeoutExpired("LibreOffice (warm)", timeout) from None
            except xmlrpc.client.Fault:
                return True  # LibreOffice could not read the file; the server carries on
            except (OSError, http.client.HTTPException, xmlrpc.client.Error) as exc:
                log.warning("warm LibreOffice stopped during a conversion (%s); converting the file afresh", exc)
                self._stop()
                return False
            return True

    def stop(self) -> None:
        with self._lock:
            self._stop()

    def _running(self) -> bool:
        if self.process is not None and self.process.poll() is None:
            return True
        self._stop()  # it died since the last conversion: start another
        if self.unavailable:
            return False
        try:
            self._start()
        except OSError as exc:
            self._stop()
            self.unavailable = str(exc)
            log.warning("warm LibreOffice unavailable, starting LibreOffice for each file: %s", exc)
            return False
        return True

    def _start(self) -> None:
        if not Path(SERVER_PYTHON).is_file() or importlib.util.find_spec("unoserver") is None:
            raise OSError(f"unoserver with {SERVER_PYTHON} and python3-uno is needed (apt-get install python3-uno)")
        self._folder = Path(tempfile.mkdtemp(prefix="bundler-office-"))
        self._port, uno_port = _free_port(), _free_port()
        command = ["prlimit", f"--as={self.memory_mb * MB}", "--", SERVER_PYTHON, "-m", "unoserver.server",
                   "--interface", "127.0.0.1", "--port", str(self._port), "--uno-interface", "127.0.0.1",
                   "--uno-port", str(uno_port), "--executable", self.soffice,
                   "--user-installation", str(self._folder / "profile"), "--quiet"]
        environment = {**os.environ, "PYTHONPATH": str(_unoserver_only(self._folder / "lib"))}
        self.process = subprocess.Popen(command, env=environment, stdin=subprocess.DEVNULL,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        self._wait_until_serving()

    def _wait_until_serving(self) -> None:
        proxy = xmlrpc.client.ServerProxy(f"http://127.0.0.1:{self._port}", transport=_Transport(5))
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise OSError(f"unoserver stopped at start (exit status {self.process.returncode}); is python3-uno "
                              "installed (apt-get install python3-uno)?")
            try:
                proxy.info()
                return
            except (OSError, http.client.HTTPException, xmlrpc.client.Error):
                time.sleep(0.25)
        raise OSError(f"unoserver did not answer within {START_SECONDS} s")

    def _stop(self) -> None:
        if self.process is not None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)  # the server, LibreOffice and its helpers
            except ProcessLookupError:
                pass
            self.process.wait()
            self.process = None
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None


class _Transport(xmlrpc.client.Transport):
    """XML-RPC over HTTP with a time limit on every wait for the server."""

    def __init__(self, timeout: float):
        super().__init__()
        self.timeout = timeout

    def make_connection(self, host):
        connection = super().make_connection(host)
        connection.timeout = self.timeout
        return connection


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _unoserver_only(folder: Path) -> Path:
    """A folder holding links to the unoserver package and its metadata only, for Debian's python3 to import from
    (the whole site-packages of this environment would put other builds of other packages before Debian's)."""
    package = Path(importlib.util.find_spec("unoserver").origin).parent
    folder.mkdir()
    for path in (package, *package.parent.glob("unoserver-*.dist-info")):
        (folder / path.name).symlink_to(path)
    return folder


_shared: WarmOffice | None = None
_shared_lock = threading.Lock()


def shared(soffice: str, memory_mb: int) -> WarmOffice:
    """This process's warm LibreOffice (not started until it converts something)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = WarmOffice(soffice, memory_mb)
            atexit.register(_shared.stop)
        return _shared


def stop_shared() -> None:
    if _shared is not None:
        _shared.stop()
