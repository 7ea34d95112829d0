# Sourced by run.sh and test.sh: make sure PostgreSQL answers on 127.0.0.1:5432.
# Starts an installed cluster that is down; on Debian, as root, installs Debian's postgresql package
# when it is missing; otherwise says exactly what to do.

pg_answers() {
    if command -v pg_isready >/dev/null 2>&1; then
        pg_isready -q -h 127.0.0.1 -p 5432
    else
        (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null
    fi
}

wait_for_pg() {
    for _ in $(seq 1 60); do
        pg_answers && return 0
        sleep 0.5
    done
    return 1
}

start_clusters() {
    local version
    for version in $(ls /etc/postgresql 2>/dev/null); do
        pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || true
    done
}

ensure_postgres() {
    local url="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/bangfu}"
    case "$url" in
        *@127.0.0.1:5432/*|*@127.0.0.1/*|*@localhost:5432/*|*@localhost/*) ;;
        *) echo "DATABASE_URL names another server; not managing PostgreSQL here."; return 0 ;;
    esac
    pg_answers && return 0

    if [ -d /etc/postgresql ] && command -v pg_ctlcluster >/dev/null 2>&1; then
        echo "PostgreSQL is installed but down: starting it."
        start_clusters
        wait_for_pg && return 0
        echo "PostgreSQL did not start. Try: pg_ctlcluster --skip-systemctl-redirect \$(ls /etc/postgresql) main start" >&2
        return 1
    fi

    if [ -f /etc/debian_version ] && [ "$(id -u)" = 0 ]; then
        echo "PostgreSQL is not installed: installing Debian's postgresql package."
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
        # Bangfu connects as `postgres` over loopback without a password, as on CI: allow exactly that.
        local hba
        for hba in /etc/postgresql/*/main/pg_hba.conf; do
            if ! grep -q '^# bangfu: loopback trust' "$hba"; then
                sed -i '1i # bangfu: loopback trust\nhost all postgres 127.0.0.1/32 trust\nhost all postgres ::1/128 trust' "$hba"
            fi
        done
        start_clusters
        wait_for_pg && return 0
        echo "PostgreSQL was installed but does not answer on 127.0.0.1:5432." >&2
        return 1
    fi

    cat >&2 <<'MSG'
PostgreSQL does not answer on 127.0.0.1:5432 and this script cannot install it here.
Do one of these, then run the command again:
  - Debian/Ubuntu, as root:  apt-get install postgresql
    and allow `postgres` over loopback without a password in pg_hba.conf
    (host all postgres 127.0.0.1/32 trust), then: pg_ctlcluster <version> main start
  - or point DATABASE_URL at a PostgreSQL you have: postgres://user:password@host:5432/bangfu
MSG
    return 1
}
