#!/bin/sh
# Creates and migrates Temporal's two PostgreSQL databases, `temporal` and `temporal_visibility`.
# Runs in the temporalio/admin-tools image as the one-shot `temporal-admin-tools` compose service,
# before the Temporal server starts. Safe to run on every `docker compose up`: an existing database
# is kept, setup-schema skips a database that is already versioned, and update-schema applies only
# the versions it is missing (which is also how a Temporal upgrade migrates the schema: bump the
# image tags together and run this again).
#
# Settings (from docker-compose.yml): POSTGRES_SEEDS, DB_PORT, POSTGRES_USER, and SQL_PASSWORD,
# which temporal-sql-tool reads itself so the password stays off the command line.
set -eu

HOST="${POSTGRES_SEEDS:-postgresql}"
PORT="${DB_PORT:-5432}"
USER_NAME="${POSTGRES_USER:-temporal}"
: "${SQL_PASSWORD:?SQL_PASSWORD must be set to the password of ${USER_NAME}}"
SCHEMA_ROOT=/etc/temporal/schema/postgresql/v12

sql_tool() {
  temporal-sql-tool --plugin postgres12 --ep "$HOST" -p "$PORT" -u "$USER_NAME" "$@"
}

echo "waiting for PostgreSQL at ${HOST}:${PORT}"
attempt=0
until nc -z -w 5 "$HOST" "$PORT"; do
  attempt=$((attempt + 1))
  if [ "$attempt" -ge 30 ]; then
    echo "PostgreSQL at ${HOST}:${PORT} did not accept connections within 60 s" >&2
    exit 1
  fi
  sleep 2
done

setup_database() {
  db=$1
  schema_dir=$2
  echo "database ${db}: create"
  if ! output=$(sql_tool --db "$db" create 2>&1); then
    case "$output" in
      *"already exists"*) echo "database ${db} already exists" ;;
      *)
        echo "$output" >&2
        exit 1
        ;;
    esac
  fi
  echo "database ${db}: setup-schema"
  sql_tool --db "$db" setup-schema -v 0.0
  echo "database ${db}: update-schema from ${schema_dir}"
  sql_tool --db "$db" update-schema -d "$schema_dir"
}

setup_database temporal "${SCHEMA_ROOT}/temporal/versioned"
setup_database temporal_visibility "${SCHEMA_ROOT}/visibility/versioned"

echo "Temporal schema is up to date"
