#!/usr/bin/env bash
# Runs Bangfu on this machine: PostgreSQL (started, or installed on Debian as root), the database
# `bangfu` created and migrated, demo data offered, and the API and web app served at
# http://127.0.0.1:8080 (BANGFU_BIND to change). Ctrl-C stops it gracefully.
#
#   ./scripts/run.sh              asks whether to load demo accounts (when run in a terminal)
#   BANGFU_DEMO=0 ./scripts/run.sh   never loads them; BANGFU_DEMO=1 always does
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/postgres.sh
ensure_postgres

cargo build --release --locked --bin bangfu
bin=target/release/bangfu
# The web app, built when its sources changed since the last build.
scripts/web.sh build
"$bin" migrate

demo="${BANGFU_DEMO:-}"
if [ -z "$demo" ]; then
    demo=1
    if [ -t 0 ]; then
        read -r -p "Load demo accounts in Lushi County (卢氏县)? [Y/n] " answer || answer=y
        case "$answer" in n*|N*) demo=0 ;; esac
    fi
fi
if [ "$demo" != 0 ]; then
    "$bin" seed demo
fi
echo "Create an admin with: $bin admin create --email you@example.cn --name 'Your Name'   (it asks for the password; scripts pipe it in with --password-stdin)"
exec "$bin" serve
