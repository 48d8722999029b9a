#!/bin/sh
# Makes the certificates for trying Temporal with mutual TLS (infra/temporal/compose.mtls.yml): a
# development CA, a certificate for the Temporal server and one for its clients (API, worker, Web
# UI, namespace job), with openssl. For development and trials only: in production the
# certificates come from your own PKI, one client certificate per service.
#
#   infra/temporal/make-dev-certs.sh [DIR]     DIR defaults to .data/temporal-certs
#
# Writes
#   DIR/ca/ca.crt, DIR/ca/ca.key             the CA (its key never goes into a container)
#   DIR/server/ca.crt, server.crt, server.key   mounted into the temporal service
#   DIR/client/ca.crt, client.crt, client.key   mounted into api, worker, temporal-ui and the namespace job
#
# The server certificate names TEMPORAL_SERVER_NAME (default: temporal, the compose service name),
# localhost and 127.0.0.1; it also serves as the client certificate between the server's own roles.
# Keys are readable by everyone (mode 644, the CA key excepted) because the containers run as their
# own users (uid 1000): use these on your own machine only. An existing CA is never overwritten:
# delete DIR to start again.
set -eu

# .data/ is local state: kept out of git and out of the image's build context.
DIR="${1:-$(cd "$(dirname "$0")/../.." && pwd)/.data/temporal-certs}"
SERVER_NAME="${TEMPORAL_SERVER_NAME:-temporal}"
DAYS="${CERT_DAYS:-825}"

command -v openssl >/dev/null 2>&1 || { echo "openssl is required" >&2; exit 1; }
if [ -e "$DIR/ca/ca.key" ]; then
  echo "$DIR/ca/ca.key exists; delete $DIR to make new certificates" >&2
  exit 1
fi

umask 022
mkdir -p "$DIR/ca" "$DIR/server" "$DIR/client"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# new_key FILE: a P-256 key in PKCS#8 PEM (what the Temporal server, the SDK and the UI all read).
new_key() {
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null
}

# issue NAME SUBJECT EXTENSIONS OUT_DIR: a key and a certificate signed by the CA.
issue() {
  name=$1
  subject=$2
  printf '%s\n' "$3" >"$work/$name.ext"
  new_key "$4/$name.key"
  openssl req -new -key "$4/$name.key" -subj "$subject" -out "$work/$name.csr"
  openssl x509 -req -in "$work/$name.csr" -CA "$DIR/ca/ca.crt" -CAkey "$DIR/ca/ca.key" \
    -set_serial "0x$(openssl rand -hex 16)" -days "$DAYS" -sha256 -extfile "$work/$name.ext" \
    -out "$4/$name.crt" 2>/dev/null
  chmod 644 "$4/$name.key" "$4/$name.crt"
}

new_key "$DIR/ca/ca.key"
chmod 600 "$DIR/ca/ca.key"
printf '%s\n' 'basicConstraints=critical,CA:TRUE' 'keyUsage=critical,keyCertSign,cRLSign' 'subjectKeyIdentifier=hash' >"$work/ca.ext"
openssl req -new -key "$DIR/ca/ca.key" -subj "/O=CIL Flow/CN=CIL Flow development Temporal CA" -out "$work/ca.csr"
openssl x509 -req -in "$work/ca.csr" -signkey "$DIR/ca/ca.key" -days "$DAYS" -sha256 \
  -set_serial "0x$(openssl rand -hex 16)" -extfile "$work/ca.ext" -out "$DIR/ca/ca.crt" 2>/dev/null

issue server "/O=CIL Flow/CN=$SERVER_NAME" "basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth,clientAuth
subjectAltName=DNS:$SERVER_NAME,DNS:localhost,IP:127.0.0.1
authorityKeyIdentifier=keyid" "$DIR/server"

issue client "/O=CIL Flow/CN=cil-flow" "basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=clientAuth
authorityKeyIdentifier=keyid" "$DIR/client"

cp "$DIR/ca/ca.crt" "$DIR/server/ca.crt"
cp "$DIR/ca/ca.crt" "$DIR/client/ca.crt"
chmod 644 "$DIR/server/ca.crt" "$DIR/client/ca.crt"

openssl verify -CAfile "$DIR/ca/ca.crt" "$DIR/server/server.crt" "$DIR/client/client.crt" >/dev/null
echo "certificates for ${SERVER_NAME} written to ${DIR} (valid ${DAYS} days)"
