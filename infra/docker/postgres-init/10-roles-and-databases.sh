#!/bin/sh
# Runs once, when the postgres container initialises an empty data volume
# (/docker-entrypoint-initdb.d). Creates one login role per system:
#   temporal  - may create databases; the admin-tools job creates and migrates `temporal` and
#               `temporal_visibility` as this role, so it owns them.
#   cil_flow  - owns the `cil_flow` application database; `npm run migrate` creates its schema.
# Passwords come from the container environment (TEMPORAL_DB_PASSWORD, CIL_DB_PASSWORD).
# Changing them later means ALTER ROLE ... PASSWORD by hand: this script never runs again.
set -eu

: "${TEMPORAL_DB_PASSWORD:?TEMPORAL_DB_PASSWORD must be set}"
: "${CIL_DB_PASSWORD:?CIL_DB_PASSWORD must be set}"

# psql substitutes :'name' as a quoted literal, so passwords need no escaping here.
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v temporal_password="$TEMPORAL_DB_PASSWORD" \
  -v app_password="$CIL_DB_PASSWORD" <<'SQL'
CREATE ROLE temporal LOGIN CREATEDB PASSWORD :'temporal_password';
CREATE ROLE cil_flow LOGIN PASSWORD :'app_password';
CREATE DATABASE cil_flow OWNER cil_flow;
REVOKE ALL ON DATABASE cil_flow FROM PUBLIC;
SQL
