"""The processes of a fault run: the Bangfu server, the test SMTP server, PostgreSQL, and psql."""

import json
import os
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.join(ROOT, "target", "debug", "bangfu")


class Violation(Exception):
    """An invariant the product broke."""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def psql(url, sql):
    """Rows of a query as lists of strings (tab-separated, unaligned)."""
    out = subprocess.run(
        ["psql", "-X", "-q", "-At", "-F", "\t", url, "-c", sql],
        check=True, capture_output=True, text=True,
    ).stdout
    return [line.split("\t") for line in out.splitlines() if line]


def http_json(base, path, timeout=5):
    """(status, parsed body or None) of a GET; (0, None) when nothing answers."""
    try:
        with urllib.request.urlopen(base + path, timeout=timeout) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        body = e.read()
        try:
            return e.code, json.loads(body or b"null")
        except ValueError:
            return e.code, None
    except (OSError, ValueError):
        return 0, None


class Smtp:
    """tests/smtp/server.py on a free port, holding the first message to `hold_to` for `hold_secs`."""

    def __init__(self, folder, hold_to, hold_secs):
        self.port = free_port()
        self.folder = folder
        self.held = threading.Event()
        self.dropped = threading.Event()
        self.proc = subprocess.Popen(
            ["python3", os.path.join(ROOT, "tests", "smtp", "server.py"), str(self.port), folder,
             "--hold-to", hold_to, "--hold-secs", str(hold_secs)],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        )
        ready = threading.Event()

        def read():
            for line in self.proc.stdout:
                word = line.strip()
                if word == "ready":
                    ready.set()
                elif word == "holding":
                    self.held.set()
                elif word.startswith("dropped"):
                    self.dropped.set()

        threading.Thread(target=read, daemon=True).start()
        if not ready.wait(15):
            raise RuntimeError("the SMTP test server did not start (is aiosmtpd installed?)")

    def url(self):
        return "smtp://127.0.0.1:%d" % self.port

    def messages_to(self, address):
        """The stored messages whose envelope names `address`: a list of their texts."""
        found = []
        for name in sorted(os.listdir(self.folder)):
            if not name.endswith(".eml"):
                continue
            with open(os.path.join(self.folder, name), "rb") as f:
                text = f.read().decode("utf-8", "replace")
            first = text.split("\r\n", 1)[0]
            if address.lower() in first.lower():
                found.append(text)
        return found

    def stop(self):
        self.proc.terminate()
        self.proc.wait(10)


class Server:
    """`bangfu serve` on a fixed port, data dir and database; its stderr is appended to a log."""

    def __init__(self, env, log_path):
        self.env = env
        self.log_path = log_path
        self.base = "http://%s" % env["BANGFU_BIND"]
        self.proc = None

    def start(self, wait=60):
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen([BIN, "serve"], env=self.env, stdout=log, stderr=log)
        log.close()
        t0 = time.monotonic()
        while time.monotonic() - t0 < wait:
            if self.proc.poll() is not None:
                raise Violation("the server exited at start (code %s); see %s"
                                % (self.proc.returncode, self.log_path))
            status, _ = http_json(self.base, "/readyz", timeout=2)
            if status == 200:
                return time.monotonic() - t0
            time.sleep(0.1)
        raise Violation("the server was not ready %d s after start; see %s" % (wait, self.log_path))

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()

    def log_problems(self):
        """Lines of the server's log that show a panic or an internal error."""
        with open(self.log_path, "rb") as f:
            text = f.read().decode("utf-8", "replace")
        return [line for line in text.splitlines()
                if "panicked" in line or "internal_error" in line or "internal error" in line]


def pg_version():
    versions = sorted(os.listdir("/etc/postgresql"), key=lambda v: float(v) if v.replace(".", "").isdigit() else 0)
    if not versions:
        raise RuntimeError("no PostgreSQL cluster in /etc/postgresql")
    return versions[-1]


def pg_ctl(action, *extra):
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", pg_version(), "main", action, *extra],
                   check=True, capture_output=True)
