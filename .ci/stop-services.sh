#!/usr/bin/env bash
# Stop the servers .ci/services.sh started (their folder is /tmp/copydesk-services.*).
for services_dir in /tmp/copydesk-services.*; do
    [[ -d "$services_dir" ]] || continue
    redis-cli -p 56379 shutdown nosave >/dev/null 2>&1 || true
    pg_ctl="$(ls /usr/lib/postgresql/*/bin/pg_ctl | sort -V | tail -n 1)"
    runuser -u postgres -- "$pg_ctl" -D "$services_dir/pg" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$services_dir"
done
