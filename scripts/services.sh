#!/usr/bin/env bash
# Makes sure PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379) answer; starts them when they
# are installed but down, and says what to install when they are absent.
set -euo pipefail

pg_up() { pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null || (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; }
redis_up() { [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = PONG ]; }

if ! pg_up; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    echo "services: starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  else
    echo "services: PostgreSQL is not running on 127.0.0.1:5432 and is not installed." >&2
    echo "          Install it (Debian: apt-get install postgresql) or point DATABASE_URL at one." >&2
    exit 1
  fi
  for _ in $(seq 1 30); do pg_up && break; sleep 0.5; done
  pg_up || { echo "services: PostgreSQL did not come up" >&2; exit 1; }
fi

if ! redis_up; then
  if command -v redis-server >/dev/null 2>&1; then
    echo "services: starting Redis"
    mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
      --dir /var/lib/redis --logfile /var/log/redis/ci.log
  else
    echo "services: Redis is not running on 127.0.0.1:6379 and is not installed." >&2
    echo "          Install it (Debian: apt-get install redis-server) or point REDIS_URL at one." >&2
    exit 1
  fi
  for _ in $(seq 1 30); do redis_up && break; sleep 0.5; done
  redis_up || { echo "services: Redis did not come up" >&2; exit 1; }
fi
echo "services: PostgreSQL and Redis are up"
