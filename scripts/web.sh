#!/usr/bin/env bash
# The web app in frontend/: `build` builds it when its sources changed since the last build (run.sh);
# `check` installs its modules, checks that the API types are current, type-checks, runs the unit
# tests and builds (test.sh); `e2e` runs the browser tests against a real server (test.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

need_node() {
    if ! command -v npm >/dev/null 2>&1; then
        if [ -f /etc/debian_version ] && [ "$(id -u)" = 0 ]; then
            apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
        else
            echo "Node.js 20+ and npm are needed to build the web app (apt-get install nodejs npm)" >&2
            exit 1
        fi
    fi
}

modules() {
    need_node
    if [ ! -d frontend/node_modules ] || [ frontend/package-lock.json -nt frontend/node_modules/.package-lock.json ]; then
        (cd frontend && npm ci --no-audit --no-fund)
    fi
}

case "${1:-build}" in
build)
    if [ -f frontend/dist/index.html ] && [ -z "$(find frontend/src frontend/index.html frontend/package-lock.json -newer frontend/dist/index.html -print -quit)" ]; then
        exit 0
    fi
    modules
    (cd frontend && npm run build)
    ;;
check)
    modules
    cargo build --locked --bin bangfu
    target/debug/bangfu openapi > frontend/openapi.json
    (cd frontend && npx openapi-typescript ./openapi.json -o /tmp/bangfu-schema.d.ts >/dev/null)
    if ! diff -q frontend/src/api/schema.d.ts /tmp/bangfu-schema.d.ts >/dev/null; then
        echo "frontend/src/api/schema.d.ts is stale: run (cd frontend && npm run gen:api) after target/debug/bangfu openapi > frontend/openapi.json" >&2
        exit 1
    fi
    echo "API types are current"
    (cd frontend && npm test && npm run build && node tools/initial-size.mjs)
    ;;
e2e)
    modules
    if [ ! -x /usr/bin/chromium ]; then
        if [ -f /etc/debian_version ] && [ "$(id -u)" = 0 ]; then
            apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
        else
            echo "the browser tests need Debian's chromium at /usr/bin/chromium" >&2
            exit 1
        fi
    fi
    # Chinese glyphs in the screenshots.
    if ! fc-list 2>/dev/null | grep -qi 'CJK'; then
        if [ -f /etc/debian_version ] && [ "$(id -u)" = 0 ]; then
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null || true
        fi
    fi
    cargo build --locked --bin bangfu
    (cd frontend && node e2e/run.mjs)
    ;;
*)
    echo "usage: scripts/web.sh build|check|e2e" >&2
    exit 2
    ;;
esac
