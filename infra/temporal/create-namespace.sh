#!/bin/sh
# Registers the CIL Flow namespace and its custom search attributes on the Temporal server.
# Runs in the temporalio/admin-tools image as the one-shot `temporal-create-namespace` compose
# service, after the server is healthy and before the API and the worker start. Safe to run again:
# what already exists is left as it is.
#
# The search attributes must match SEARCH_ATTRIBUTES in workflows/shared/temporal.constants.ts
# (infra/docker/compose.spec.ts checks that they do).
#
# Settings: TEMPORAL_ADDRESS (host:port), TEMPORAL_NAMESPACE, NAMESPACE_RETENTION (e.g. 30d; how long
# closed workflow histories are kept); with TLS (infra/temporal/compose.mtls.yml) TEMPORAL_TLS_CA,
# TEMPORAL_TLS_CERT, TEMPORAL_TLS_KEY and TEMPORAL_TLS_SERVER_NAME, as for the API and the worker.
set -eu

ADDRESS="${TEMPORAL_ADDRESS:-temporal:7233}"
NAMESPACE="${TEMPORAL_NAMESPACE:-default}"
RETENTION="${NAMESPACE_RETENTION:-30d}"

# name:type, one per custom search attribute.
SEARCH_ATTRIBUTES="CilCaseType:Keyword CilProgrammeCode:Keyword CilState:Keyword"

# temporal_cli ARGS...: the Temporal CLI, connected to ADDRESS (over TLS when the settings say so).
temporal_cli() {
  temporal "$@" --address "$ADDRESS" \
    ${TEMPORAL_TLS_CA:+--tls-ca-path "$TEMPORAL_TLS_CA"} \
    ${TEMPORAL_TLS_CERT:+--tls-cert-path "$TEMPORAL_TLS_CERT"} \
    ${TEMPORAL_TLS_KEY:+--tls-key-path "$TEMPORAL_TLS_KEY"} \
    ${TEMPORAL_TLS_SERVER_NAME:+--tls-server-name "$TEMPORAL_TLS_SERVER_NAME"}
}

# retry ATTEMPTS COMMAND...: runs COMMAND until it succeeds, two seconds apart.
retry() {
  attempts=$1
  shift
  n=1
  until "$@"; do
    if [ "$n" -ge "$attempts" ]; then
      return 1
    fi
    n=$((n + 1))
    sleep 2
  done
}

server_healthy() {
  temporal_cli operator cluster health >/dev/null 2>&1
}

echo "waiting for Temporal at ${ADDRESS}"
if ! retry 60 server_healthy; then
  echo "Temporal at ${ADDRESS} did not report SERVING within 120 s" >&2
  exit 1
fi

if temporal_cli operator namespace describe --namespace "$NAMESPACE" >/dev/null 2>&1; then
  echo "namespace ${NAMESPACE} already exists"
else
  echo "creating namespace ${NAMESPACE} (retention ${RETENTION})"
  temporal_cli operator namespace create --namespace "$NAMESPACE" --retention "$RETENTION"
fi

# A new namespace becomes visible to the other server roles only after their namespace cache
# refreshes (several seconds), so each step below retries for up to a minute.
ensure_search_attribute() {
  name=$1
  type=$2
  listing=$(temporal_cli operator search-attribute list --namespace "$NAMESPACE" 2>/dev/null) || return 1
  existing=$(printf '%s\n' "$listing" | awk -v n="$name" '$1 == n { print $2 }')
  if [ -n "$existing" ]; then
    if [ "$existing" != "$type" ]; then
      echo "search attribute ${name} exists with type ${existing}, expected ${type}" >&2
      exit 1
    fi
    echo "search attribute ${name} (${type}) already exists"
    return 0
  fi
  temporal_cli operator search-attribute create --namespace "$NAMESPACE" --name "$name" --type "$type"
}

for attribute in $SEARCH_ATTRIBUTES; do
  name=${attribute%%:*}
  type=${attribute#*:}
  if ! retry 30 ensure_search_attribute "$name" "$type"; then
    echo "could not register search attribute ${name} on namespace ${NAMESPACE}" >&2
    exit 1
  fi
done

echo "namespace ${NAMESPACE} is ready"
