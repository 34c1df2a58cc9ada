#!/usr/bin/env bash
# Stop the servers .ci/services.sh started; it exported where they live.
services_dir="${COPYDESK_SERVICES_DIR:?source .ci/services.sh first}"
redis-cli -p "$COPYDESK_REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
pg_ctl="$(ls /usr/lib/postgresql/*/bin/pg_ctl | sort -V | tail -n 1)"
if [[ "$(id -u)" == 0 ]]; then
    runuser -u postgres -- "$pg_ctl" -D "$services_dir/pg" -m fast stop >/dev/null 2>&1 || true
else
    "$pg_ctl" -D "$services_dir/pg" -m fast stop >/dev/null 2>&1 || true
fi
rm -rf "$services_dir"
