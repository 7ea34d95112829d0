"""The load: client threads searching and pledging. Every pledge carries an Idempotency-Key and is
sent again with the same key after a connection error or a 503, until it gets another answer. Every
201 is recorded with its key and body; any 500 (or other 5xx than 503) is a violation."""

import http.client
import json
import random
import threading
import time
import urllib.parse
import uuid

WORDS = ["轮椅", "化肥", "学费", "棉被", "书包", "药", "电动轮椅", "lunyi", "种子", "冬衣", ""]
SUPPORTERS = ["donor@demo.bangfu.cn", "enterprise@demo.bangfu.cn", "charity@demo.bangfu.cn"]
PASSWORD = "bangfu-demo-2026"


class Recorder:
    """What the clients saw, shared by all threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.acked = {}  # key -> (email, need_id, payload, body)
        self.unresolved = 0  # keys given up on without a definite answer (only at the very end)
        self.counts = {}  # "search 200", "pledge 409", "conn error" ...
        self.bad = []  # answers that break an invariant: 500s and other 5xx than 503
        self.latencies = []  # seconds of successful searches

    def count(self, what):
        with self.lock:
            self.counts[what] = self.counts.get(what, 0) + 1

    def violation(self, what):
        with self.lock:
            if len(self.bad) < 50:
                self.bad.append(what)


class Client:
    def __init__(self, host, port):
        self.host, self.port = host, port
        self.conn = None

    def request(self, method, path, body=None, headers=None):
        """(status, body bytes); raises OSError or http.client errors on connection trouble."""
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=15)
        h = {"content-type": "application/json"}
        h.update(headers or {})
        try:
            self.conn.request(method, path, body=json.dumps(body).encode() if body is not None else None,
                              headers=h)
            r = self.conn.getresponse()
            data = r.read()
            if r.getheader("connection", "").lower() == "close":
                self.close()
            return r.status, data
        except Exception:
            self.close()
            raise

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def login(client, email):
    status, data = client.request("POST", "/api/v1/auth/login", {"email": email, "password": PASSWORD})
    if status != 200:
        return None
    return json.loads(data)["access_token"]


class Load:
    """`n` threads against the server at host:port; open needs come from the search results."""

    def __init__(self, host, port, n, recorder, seed=1):
        self.host, self.port, self.n = host, port, n
        self.rec = recorder
        self.stop_flag = threading.Event()
        self.threads = []
        self.needs = []  # ids of needs with something left to pledge
        self.needs_lock = threading.Lock()
        self.seed = seed
        self.tokens = {}
        self.tokens_lock = threading.Lock()

    def start(self):
        self.stop_flag.clear()
        self.threads = [threading.Thread(target=self.run, args=(i,), daemon=True) for i in range(self.n)]
        for t in self.threads:
            t.start()

    def stop(self, wait=60):
        self.stop_flag.set()
        for t in self.threads:
            t.join(wait)

    def token(self, client, email, fresh=False):
        with self.tokens_lock:
            if not fresh and email in self.tokens:
                return self.tokens[email]
        tok = login(client, email)
        if tok:
            with self.tokens_lock:
                self.tokens[email] = tok
        return tok

    def run(self, i):
        rnd = random.Random(self.seed * 1000 + i)
        client = Client(self.host, self.port)
        while not self.stop_flag.is_set():
            try:
                if rnd.random() < 0.5 or not self.needs:
                    self.search(client, rnd)
                else:
                    self.pledge(client, rnd)
            except (OSError, http.client.HTTPException):
                self.rec.count("conn error")
                time.sleep(0.2)
        client.close()

    def search(self, client, rnd):
        q = rnd.choice(WORDS)
        path = "/api/v1/needs/search?" + urllib.parse.urlencode(
            {"q": q, "has_remaining": "true", "per_page": 20, "page": rnd.randint(1, 2)})
        t0 = time.monotonic()
        status, data = client.request("GET", path)
        self.rec.count("search %d" % status)
        if status == 200:
            with self.rec.lock:
                self.rec.latencies.append(time.monotonic() - t0)
            ids = [h["id"] for h in json.loads(data).get("hits", [])]
            if ids:
                with self.needs_lock:
                    self.needs = (ids + self.needs)[:200]
        elif status >= 500 and status != 503:
            self.rec.violation("GET %s -> %d %s" % (path, status, data[:200]))
        elif status == 503:
            time.sleep(0.2)

    def pledge(self, client, rnd):
        with self.needs_lock:
            need = rnd.choice(self.needs)
        email = rnd.choice(SUPPORTERS)
        key = str(uuid.uuid4())
        payload = {"quantity": 1, "message": "故障测试"}
        path = "/api/v1/needs/%s/pledges" % need
        deadline = None
        refreshed = False
        sent = False
        while True:
            # Once stopping, a key that was sent still gets 60 s to reach a definite answer; one that
            # was never sent is dropped.
            if self.stop_flag.is_set():
                if not sent:
                    return
                deadline = deadline or time.monotonic() + 60
                if time.monotonic() > deadline:
                    with self.rec.lock:
                        self.rec.unresolved += 1
                    return
            token = self.token(client, email, fresh=refreshed)
            if token is None:
                # The login itself met the outage: wait and try again.
                self.rec.count("login failed")
                time.sleep(0.3)
                continue
            sent = True
            try:
                status, data = client.request("POST", path, payload,
                                              {"authorization": "Bearer " + token, "idempotency-key": key})
            except (OSError, http.client.HTTPException):
                status, data = 0, b""
                self.rec.count("conn error")
            if status == 401 and not refreshed:
                refreshed = True
                continue
            if status in (0, 503):
                if status == 503:
                    self.rec.count("pledge 503")
                time.sleep(0.25)
                continue
            break
        self.rec.count("pledge %d" % status)
        if status == 201:
            with self.rec.lock:
                self.rec.acked[key] = (email, need, payload, json.loads(data))
        elif status == 409:
            with self.needs_lock:
                if need in self.needs:
                    self.needs.remove(need)
        elif status >= 500:
            self.rec.violation("POST %s -> %d %s" % (path, status, data[:200]))
