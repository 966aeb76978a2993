#!/bin/sh
# Makes sure the PostgreSQL server binaries are installed, for the store tests on a clean CI machine.
# The tests start their own throwaway cluster (test/support/postgres.ts); no system service is needed,
# so none is started here. Idempotent and quiet; run as root (or with passwordless sudo).
set -eu

if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  exit 0
fi

SUDO=
if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
fi

echo "ci-postgres: installing PostgreSQL server binaries (apt-get install postgresql)" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
# Debian's postinst would create and start a "main" cluster; the tests do not need it.
$SUDO mkdir -p /etc/postgresql-common/createcluster.d
echo "create_main_cluster = false" | $SUDO tee /etc/postgresql-common/createcluster.d/expacti-ci.conf >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "ci-postgres: postgresql installed, but no initdb under /usr/lib/postgresql/*/bin" >&2
  exit 1
fi
