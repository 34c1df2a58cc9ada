#!/usr/bin/env bash
# Install (if missing) and start the real servers the storage and scale-out tests use:
# a Redis and a PostgreSQL, both on 127.0.0.1 with their data under a temporary folder.
# Source it: it exports COPYDESK_TEST_REDIS_URL and COPYDESK_TEST_POSTGRES_DSN.
set -euo pipefail

services_dir="$(mktemp -d /tmp/copydesk-services.XXXXXX)"
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
redis_port="$(free_port)"
postgres_port="$(free_port)"

missing=()
command -v redis-server >/dev/null || missing+=(redis-server)
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || missing+=(postgresql)
# Not a server: headless Chromium renders the eval report in tests/test_report_browser.py
# (about 40 s to install with its 130 dependencies; the test skips where it is absent).
command -v chromium >/dev/null || missing+=(chromium)
if ((${#missing[@]})); then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no \
    --daemonize yes --dir "$services_dir" --logfile "$services_dir/redis.log"

# PostgreSQL refuses to run as root: run it as the postgres user the package creates.
pg_bin="$(dirname "$(ls /usr/lib/postgresql/*/bin/postgres | sort -V | tail -n 1)")"
as_postgres=()
if [[ "$(id -u)" == 0 ]]; then
    as_postgres=(runuser -u postgres --)
    chown postgres "$services_dir"
fi
"${as_postgres[@]}" "$pg_bin/initdb" -D "$services_dir/pg" -U copydesk --auth=trust -E UTF8 >/dev/null
"${as_postgres[@]}" "$pg_bin/pg_ctl" -D "$services_dir/pg" -l "$services_dir/pg.log" -w \
    -o "-h 127.0.0.1 -p $postgres_port -k $services_dir" start >/dev/null
"$pg_bin/createdb" -h 127.0.0.1 -p "$postgres_port" -U copydesk copydesk_test

export COPYDESK_SERVICES_DIR="$services_dir" COPYDESK_REDIS_PORT="$redis_port"
export COPYDESK_TEST_REDIS_URL="redis://127.0.0.1:$redis_port/0"
export COPYDESK_TEST_POSTGRES_DSN="postgresql://copydesk@127.0.0.1:$postgres_port/copydesk_test"
