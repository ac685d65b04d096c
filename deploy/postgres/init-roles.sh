#!/bin/sh
# The database roles of the deployment (CHECKLIST C8), created once, when PostgreSQL's data
# directory is new (the postgres image runs /docker-entrypoint-initdb.d/ as its superuser).
#
# - DB_OWNER_USER owns the database, its schema and every table: `migrate` runs as it, and it
#   installs the row-level security policies and the application's grants (network_animation/rls.py).
# - DB_APP_USER is what the web, the workers and the scheduler connect as: no superuser, not the
#   owner, no BYPASSRLS; it reads and writes only what row-level security lets it, and may only
#   append to the audit.
# The superuser of the image (POSTGRES_USER) is used by nothing else.
set -eu

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -v db="$POSTGRES_DB" \
    -v owner="$DB_OWNER_USER" -v owner_password="$DB_OWNER_PASSWORD" \
    -v app="$DB_APP_USER" -v app_password="$DB_APP_PASSWORD" <<'SQL'
CREATE ROLE :"owner" LOGIN PASSWORD :'owner_password'
    NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
CREATE ROLE :"app" LOGIN PASSWORD :'app_password'
    NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
ALTER DATABASE :"db" OWNER TO :"owner";
ALTER SCHEMA public OWNER TO :"owner";
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"db" TO :"app";
GRANT USAGE ON SCHEMA public TO :"app";
-- Extensions need a superuser to create; the owner's migrations then only find them there.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
SQL
