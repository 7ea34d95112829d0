#!/usr/bin/env bash
# Faults under load with invariants checked after each (issue 21; scripts/faults/run.py says which).
# Bounded by default (scripts/test.sh runs it); `scripts/faults.sh --long` is the README's run.
# Restarts the local PostgreSQL cluster once: run it where nothing else uses that server.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/postgres.sh
ensure_postgres
if ! python3 -c 'import aiosmtpd' 2>/dev/null; then
    python3 -m pip install --quiet --disable-pip-version-check -r tests/smtp/requirements.txt
fi
cargo build --locked --bin bangfu
exec python3 scripts/faults/run.py "$@"
