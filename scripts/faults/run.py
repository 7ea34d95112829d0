"""Faults under load, with invariants checked after each (issue 21). Run through scripts/faults.sh:
bounded by default (scripts/test.sh), `--long` for the README's figures.

A fresh database with a small demo, `bangfu serve` on the embedded engine, mail to the SMTP test
server; 32 clients search and pledge (each pledge with an Idempotency-Key, sent again with the same
key on a connection error or a 503). The faults, one after another:
  1. SIGKILL the server under load, restart it (same data directory and database);
  2. stop PostgreSQL under load and start it again: meanwhile 503 `unavailable`, never a 500, /readyz
     not ready; ready again within 5 s of PostgreSQL's return;
  3. SIGKILL the server while the SMTP server holds a mail's final answer: after the restart the mail
     arrives exactly once, with the Message-ID its job recorded;
  4. delete the embedded index directory while the server is down: it rebuilds it at start.
After each: the checks of checks.py. Exit status 1 on any violation, with the reason."""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import checks  # noqa: E402
from load import Client, Load, Recorder  # noqa: E402
from procs import BIN, Server, Smtp, Violation, free_port, http_json, pg_ctl, psql  # noqa: E402

PG_SERVER = os.environ.get("BANGFU_TEST_DATABASE_SERVER", "postgres://postgres@127.0.0.1:5432")
RECOVERY_LIMIT = 5.0  # seconds from PostgreSQL's return to the server answering again
MAIL_HOLD = 8.0


class Ctx:
    pass


def pg_answers():
    return subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432"]).returncode == 0


def phase(ctx, seconds):
    time.sleep(seconds)


WARMUP_LIMIT = 90.0  # seconds the load may take to get its first pledge acknowledged


def warm_up(ctx):
    """Waits `ctx.warmup` seconds and, beyond that, until the load has had a pledge acknowledged since
    it started: a debug server hashes 32 clients' logins slowly, and a fault before any pledge would
    leave the checks after it nothing to check."""
    before = len(ctx.rec.acked)
    started = time.monotonic()
    time.sleep(ctx.warmup)
    while len(ctx.rec.acked) == before:
        if time.monotonic() - started > WARMUP_LIMIT:
            raise Violation("no pledge acknowledged within %.0f s of starting the load" % WARMUP_LIMIT)
        time.sleep(0.2)


def with_load(ctx, name, fault):
    """Runs `fault` under load, stops the load, checks every invariant."""
    print("== %s" % name, flush=True)
    ctx.load.start()
    warm_up(ctx)
    t0 = time.monotonic()
    result = fault(ctx)
    phase(ctx, ctx.after)
    ctx.load.stop()
    ctx.timings.append((name, time.monotonic() - t0, result))
    checks.all_invariants(ctx, name)


def kill_server(ctx):
    ctx.server.kill()
    took = ctx.server.start()
    print("  SIGKILL; restarted and ready in %.2f s" % took, flush=True)
    return "ready %.2f s after restart" % took


def restart_postgres(ctx):
    need = ctx.a_need
    seen = {}
    pg_ctl("stop", "-m", "fast")
    down_at = time.monotonic()
    try:
        while time.monotonic() - down_at < ctx.outage:
            status, body = http_json(ctx.server.base, "/readyz")
            if status != 503 or not body or body.get("database") != "unreachable":
                raise Violation("/readyz during the outage answered %d %s" % (status, body))
            status, body = http_json(ctx.server.base, "/api/v1/needs/%s" % need)
            code = (body or {}).get("code") if isinstance(body, dict) else None
            seen["%d %s" % (status, code)] = seen.get("%d %s" % (status, code), 0) + 1
            if status != 503 or code != "unavailable":
                raise Violation("GET /api/v1/needs/{id} during the outage answered %d %s" % (status, body))
            time.sleep(0.2)
    finally:
        pg_ctl("start")
    back = time.monotonic()
    while True:
        status, _ = http_json(ctx.server.base, "/readyz")
        s2, _ = http_json(ctx.server.base, "/api/v1/needs/%s" % need)
        if status == 200 and s2 == 200:
            break
        if time.monotonic() - back > 30:
            raise Violation("the server did not recover within 30 s of PostgreSQL's return")
        time.sleep(0.05)
    took = time.monotonic() - back
    print("  PostgreSQL down %.1f s: /readyz not ready, API %s; answering 200 again %.2f s after its return"
          % (back - down_at, ", ".join("%s ×%d" % kv for kv in sorted(seen.items())), took), flush=True)
    if took > RECOVERY_LIMIT:
        raise Violation("the server took %.2f s (> %.0f s) to answer again after PostgreSQL returned"
                        % (took, RECOVERY_LIMIT))
    return "recovered %.2f s after PostgreSQL's return" % took


def mail_backlog(ctx):
    return int(psql(ctx.db_url, "SELECT count(*) FROM jobs WHERE kind = 'mail.send' AND state = 'queued'")[0][0])


def kill_during_mail(ctx):
    # Mail jobs run in order; the load's pledges queue mail faster than two debug-build workers send
    # it, so the load pauses until the verification mail is being sent, then resumes for the kill.
    ctx.load.stop()
    backlog, t0 = mail_backlog(ctx), time.monotonic()
    client = Client(ctx.host, ctx.port)
    status, data = client.request("POST", "/api/v1/auth/register", {
        "email": ctx.mail_to, "password": "faults-" + uuid.uuid4().hex, "display_name": "故障测试",
        "role": "donor"})
    client.close()
    if status != 201:
        raise Violation("registering %s answered %d %s" % (ctx.mail_to, status, data[:300]))
    if not ctx.smtp.held.wait(ctx.mail_wait):
        raise Violation("the verification mail never reached the SMTP server (%d mails were queued before it)"
                        % backlog)
    reached = time.monotonic() - t0
    ctx.load.start()
    time.sleep(MAIL_HOLD / 3)
    rows = psql(ctx.db_url, "SELECT j.payload->>'message_id', j.state FROM jobs j JOIN users u "
                            "ON u.id::text = j.payload->>'user_id' WHERE j.kind = 'mail.send' "
                            "AND u.email = '%s'" % ctx.mail_to)
    if len(rows) != 1:
        raise Violation("expected one mail job for %s, found %r" % (ctx.mail_to, rows))
    message_id, state = rows[0]
    t0 = time.monotonic()
    ctx.server.kill()
    took = ctx.server.start()
    while not ctx.smtp.messages_to(ctx.mail_to):
        if time.monotonic() - t0 > 60:
            raise Violation("the mail never arrived after the worker's restart")
        time.sleep(0.1)
    arrived = time.monotonic() - t0
    # The held delivery's answer comes after the hold: wait for it to be dropped, then count.
    if not ctx.smtp.dropped.wait(MAIL_HOLD + 5):
        raise Violation("the held delivery was not dropped when its client died")
    time.sleep(1)
    got = ctx.smtp.messages_to(ctx.mail_to)
    ids = [line.split(":", 1)[1].strip() for m in got for line in m.split("\r\n")
           if line.lower().startswith("message-id:")]
    if len(got) != 1 or ids != [message_id]:
        raise Violation("the mail to %s arrived %d times with Message-IDs %s; its job recorded %s"
                        % (ctx.mail_to, len(got), ids, message_id))
    rows = psql(ctx.db_url, "SELECT state, attempts FROM jobs WHERE kind = 'mail.send' "
                            "AND payload->>'message_id' = '%s'" % message_id)
    print("  %d mails were queued before it; sent %.1f s after registering" % (backlog, reached))
    print("  killed while the SMTP server held the mail (job %s, claimed); restarted in %.2f s; the mail "
          "arrived once, %.1f s after the kill, with the job's Message-ID %s (job now %s after %s attempts)"
          % (state, took, arrived, message_id, rows[0][0], rows[0][1]), flush=True)
    return "mail sent once, %.1f s after the kill" % arrived


def lose_index(ctx):
    ctx.server.stop()
    shutil.rmtree(os.path.join(ctx.data_dir, "search"))
    took = ctx.server.start()
    print("  index directory deleted while down; ready %.2f s after start" % took, flush=True)
    return "rebuilt, ready %.2f s after start" % took


FAULTS = {
    "1": ("server SIGKILL", kill_server),
    "2": ("PostgreSQL restart", restart_postgres),
    "3": ("worker killed mid-mail", kill_during_mail),
    "4": ("index directory lost", lose_index),
}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--long", action="store_true", help="the README's run: a bigger demo, longer load")
    ap.add_argument("--only", default="1234", help="which faults, e.g. 134 (default: all four)")
    ap.add_argument("--clients", type=int, default=32)
    args = ap.parse_args()

    ctx = Ctx()
    ctx.warmup, ctx.after, ctx.outage = (20.0, 20.0, 5.0) if args.long else (4.0, 4.0, 3.0)
    households, needs = ("300", "1000") if args.long else ("30", "90")
    ctx.replay_sample = 0 if args.long else 25
    ctx.mail_wait = 900 if args.long else 120
    ctx.timings = []
    ctx.port = free_port()
    ctx.host = "127.0.0.1"
    work = tempfile.mkdtemp(prefix="bangfu-faults-")
    ctx.data_dir = os.path.join(work, "data")
    os.makedirs(os.path.join(work, "mail"))
    db = "bangfu_faults_%d" % os.getpid()
    ctx.db_url = "%s/%s" % (PG_SERVER, db)
    ctx.mail_to = "faults-%d@mail.test" % os.getpid()
    ctx.env = dict(os.environ, DATABASE_URL=ctx.db_url, BANGFU_DATA_DIR=ctx.data_dir,
                   BANGFU_BIND="127.0.0.1:%d" % ctx.port, BANGFU_JWT_SECRET="faults-" + "0" * 40,
                   BANGFU_LOG="warn", BANGFU_JOB_WORKERS="2", BANGFU_DB_POOL_SIZE="16",
                   BANGFU_WEB_DIR=os.path.join(work, "no-web"),
                   BANGFU_PUBLIC_URL="http://127.0.0.1:%d" % ctx.port)
    ctx.env.pop("MEILI_URL", None)
    started = time.monotonic()
    ok = False
    ctx.server = None
    ctx.smtp = None
    try:
        ctx.smtp = Smtp(os.path.join(work, "mail"), ctx.mail_to, MAIL_HOLD)
        ctx.env["SMTP_URL"] = ctx.smtp.url()
        t0 = time.monotonic()
        subprocess.run([BIN, "seed", "demo", "--households", households, "--needs", needs], env=ctx.env,
                       check=True, capture_output=True)
        print("seeded %s households, %s needs in %.1f s" % (households, needs, time.monotonic() - t0))
        ctx.server = Server(ctx.env, os.path.join(work, "server.log"))
        print("server ready in %.1f s at %s (log %s)" % (ctx.server.start(), ctx.server.base, ctx.server.log_path))
        ctx.before_ids = {r[0] for r in psql(ctx.db_url, "SELECT id FROM pledges")}
        ctx.a_need = psql(ctx.db_url, "SELECT id FROM needs WHERE status = 'open' LIMIT 1")[0][0]
        ctx.rec = Recorder()
        ctx.load = Load(ctx.host, ctx.port, args.clients, ctx.rec)
        for n in args.only:
            name, fault = FAULTS[n]
            with_load(ctx, "%s. %s" % (n, name), fault)
        ok = True
    except Violation as v:
        print("FAULTS: VIOLATION: %s" % v, file=sys.stderr, flush=True)
    finally:
        if not pg_answers():
            pg_ctl("start")
        if hasattr(ctx, "load"):
            ctx.load.stop(5)
        if ctx.server:
            ctx.server.stop()
        if ctx.smtp:
            ctx.smtp.stop()
        subprocess.run(["psql", "-X", "-q", "%s/postgres" % PG_SERVER, "-c",
                        "DROP DATABASE IF EXISTS %s WITH (FORCE)" % db], capture_output=True)
    summary(ctx, time.monotonic() - started)
    if ok:
        shutil.rmtree(work, ignore_errors=True)
        print("FAULTS: all invariants held")
        return 0
    print("FAULTS: failed; the server's log and mail are kept in %s" % work, file=sys.stderr)
    return 1


def summary(ctx, total):
    rec = getattr(ctx, "rec", None)
    if rec is None:
        return
    print("== summary (%.0f s in all, %d clients)" % (total, len(ctx.load.threads)))
    for name, secs, result in ctx.timings:
        print("  %-28s %5.1f s  %s" % (name, secs, result))
    counts = ", ".join("%s: %d" % kv for kv in sorted(rec.counts.items()))
    print("  answers: %s" % counts)
    lat = sorted(rec.latencies)
    if lat:
        p = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] * 1000  # noqa: E731
        print("  search: %d answered, p50 %.0f ms, p95 %.0f ms, p99 %.0f ms; pledges acknowledged: %d, "
              "keys left unresolved: %d" % (len(lat), p(0.5), p(0.95), p(0.99), len(rec.acked), rec.unresolved))


if __name__ == "__main__":
    sys.exit(main())
