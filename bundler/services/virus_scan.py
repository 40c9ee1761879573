"""Scanning uploads with ClamAV: clamd's INSTREAM command over its unix socket (CLAMD_SOCKET), no client library.

INSTREAM sends the file in chunks, each after its length as 4 bytes (network order), then a zero length; clamd
answers "stream: OK", "stream: <signature> FOUND" or "... ERROR". Commands start with "z" and end with a NUL.
"""
import socket
import struct
from typing import BinaryIO

CHUNK = 256 * 1024
TIMEOUT = 120  # seconds: a large PDF with many streams takes clamd a while


class ScannerUnavailable(Exception):
    """clamd is configured but cannot scan: it does not answer, or answers with an error."""


class TooLargeToScan(ScannerUnavailable):
    """The file is longer than clamd's StreamMaxLength."""


def scan(stream: BinaryIO, socket_path: str) -> str | None:
    """The name of the signature `stream` matches, or None when clean; the stream is read from the start and left
    there again."""
    stream.seek(0)
    try:
        with _connect(socket_path) as connection:
            connection.sendall(b"zINSTREAM\0")
            try:
                while chunk := stream.read(CHUNK):
                    connection.sendall(struct.pack(">I", len(chunk)) + chunk)
                connection.sendall(struct.pack(">I", 0))
            except (BrokenPipeError, ConnectionResetError):
                pass  # clamd stopped reading (a file over StreamMaxLength): its reply says why
            reply = _reply(connection)
    except OSError as exc:
        raise ScannerUnavailable(f"clamd at {socket_path} did not scan the file ({exc})") from None
    finally:
        stream.seek(0)
    if "size limit exceeded" in reply:
        raise TooLargeToScan(f"clamd at {socket_path} answered {reply!r}: raise its StreamMaxLength")
    if reply.endswith(" FOUND"):
        return reply.removeprefix("stream: ").removesuffix(" FOUND")
    if reply != "stream: OK":
        raise ScannerUnavailable(f"clamd at {socket_path} answered {reply!r}")
    return None


def version(socket_path: str) -> str:
    """clamd's version line (engine and signature database), for `bundler doctor`."""
    try:
        with _connect(socket_path) as connection:
            connection.sendall(b"zVERSION\0")
            return _reply(connection)
    except OSError as exc:
        raise ScannerUnavailable(f"clamd at {socket_path} does not answer ({exc})") from None


def _connect(socket_path: str) -> socket.socket:
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    connection.settimeout(TIMEOUT)
    try:
        connection.connect(socket_path)
    except OSError:
        connection.close()
        raise
    return connection


def _reply(connection: socket.socket) -> str:
    """clamd's answer up to its NUL (it may also close the connection after a size-limit error)."""
    data = b""
    while not data.endswith(b"\0"):
        try:
            chunk = connection.recv(4096)
        except ConnectionResetError:
            break
        if not chunk:
            break
        data += chunk
    return data.rstrip(b"\0").decode("utf-8", "replace").strip()
