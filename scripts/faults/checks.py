"""The invariants checked after each fault. Each check raises Violation with a clear message."""

import json
import random
import subprocess
import time

from load import Client, login
from procs import BIN, Violation, http_json, psql

ACTIVE = "('pending_approval', 'approved', 'delivered', 'confirmed')"


def acknowledged_exist_once(db_url, rec, before_ids):
    """Every pledge acknowledged with 201 exists, once: one row per key, no two keys on one row, and
    no pledge by the load's accounts that no client knows of (beyond keys left without an answer)."""
    with rec.lock:
        acked = dict(rec.acked)
        unresolved = rec.unresolved
    ids = {}
    for key, (_, _, _, body) in acked.items():
        pid = body.get("id")
        if pid in ids:
            raise Violation("keys %s and %s were both answered with pledge %s" % (ids[pid], key, pid))
        ids[pid] = key
    rows = psql(db_url, "SELECT p.id FROM pledges p JOIN users u ON u.id = p.supporter_id "
                        "WHERE u.email IN ('donor@demo.bangfu.cn', 'enterprise@demo.bangfu.cn', "
                        "'charity@demo.bangfu.cn')")
    in_db = [r[0] for r in rows if r[0] not in before_ids]
    if len(in_db) != len(set(in_db)):
        raise Violation("a pledge id appears twice")
    missing = set(ids) - set(in_db)
    if missing:
        raise Violation("%d pledges acknowledged with 201 are not in the database, e.g. %s"
                        % (len(missing), sorted(missing)[0]))
    extra = set(in_db) - set(ids)
    if len(extra) > unresolved:
        raise Violation("%d pledges exist that no client saw acknowledged (%d keys unresolved), e.g. %s"
                        % (len(extra), unresolved, sorted(extra)[0]))
    return len(ids)


def no_overpledge(db_url):
    """No need's active pledges exceed its quantity, and its pledged_quantity says the same sum."""
    over = psql(db_url, "SELECT n.id, n.quantity, COALESCE(SUM(p.quantity), 0) FROM needs n "
                        "LEFT JOIN pledges p ON p.need_id = n.id AND p.status IN %s "
                        "GROUP BY n.id, n.quantity HAVING COALESCE(SUM(p.quantity), 0) > n.quantity" % ACTIVE)
    if over:
        raise Violation("need %s has %s pledged against a quantity of %s" % (over[0][0], over[0][2], over[0][1]))
    drift = psql(db_url, "SELECT n.id, n.pledged_quantity, COALESCE(SUM(p.quantity), 0) FROM needs n "
                         "LEFT JOIN pledges p ON p.need_id = n.id AND p.status IN %s "
                         "GROUP BY n.id, n.pledged_quantity "
                         "HAVING COALESCE(SUM(p.quantity), 0) <> n.pledged_quantity" % ACTIVE)
    if drift:
        raise Violation("need %s says %s pledged, its active pledges sum to %s" % tuple(drift[0]))


def replays_match(host, port, rec, sample):
    """Replaying recorded keys (with the same body) returns the original status and body."""
    with rec.lock:
        items = list(rec.acked.items())
    random.Random(7).shuffle(items)
    items = items[:sample] if sample else items
    client = Client(host, port)
    tokens = {}
    for key, (email, need, payload, body) in items:
        if email not in tokens:
            tokens[email] = login(client, email)
        status, data = client.request("POST", "/api/v1/needs/%s/pledges" % need, payload,
                                      {"authorization": "Bearer " + tokens[email], "idempotency-key": key})
        if status != 201 or json.loads(data) != body:
            raise Violation("replaying key %s gave %d %s, not the original 201 %s"
                            % (key, status, data[:300], json.dumps(body)[:300]))
    client.close()
    return len(items)


def search_in_step(env, wait=60):
    """`bangfu search check` passes once the index jobs are drained (it runs beside the server)."""
    t0 = time.monotonic()
    out = None
    while time.monotonic() - t0 < wait:
        out = subprocess.run([BIN, "search", "check"], env=env, capture_output=True, text=True)
        if out.returncode == 0:
            return time.monotonic() - t0
        time.sleep(1)
    raise Violation("bangfu search check still finds drift after %d s:\n%s%s" % (wait, out.stdout[-1500:],
                                                                              out.stderr[-1500:]))


def audit_verifies(base):
    status, body = http_json(base, "/api/v1/audit/verify", timeout=60)
    if status != 200 or not body or body.get("valid") is not True:
        raise Violation("GET /api/v1/audit/verify: %d %s" % (status, json.dumps(body)[:500]))


def all_invariants(ctx, name):
    t0 = time.monotonic()
    acked = acknowledged_exist_once(ctx.db_url, ctx.rec, ctx.before_ids)
    no_overpledge(ctx.db_url)
    replayed = replays_match(ctx.host, ctx.port, ctx.rec, ctx.replay_sample)
    caught_up = search_in_step(ctx.env)
    audit_verifies(ctx.server.base)
    problems = ctx.server.log_problems()
    if problems:
        raise Violation("the server's log shows %d panics or internal errors, e.g.: %s"
                        % (len(problems), problems[0][:400]))
    with ctx.rec.lock:
        bad = list(ctx.rec.bad)
    if bad:
        raise Violation("%d answers were 5xx other than 503, e.g.: %s" % (len(bad), bad[0]))
    print("  checks after %s: %d acknowledged pledges exist once, none over quantity, %d replays "
          "identical, search in step after %.1f s, audit chain verified (checks took %.1f s)"
          % (name, acked, replayed, caught_up, time.monotonic() - t0), flush=True)
