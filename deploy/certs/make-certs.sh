#!/bin/sh
# Certificates for a federation's NATS with mutual TLS, made with the openssl command line:
#   deploy/certs/make-certs.sh OUT_DIR
#
#   OUT_DIR/ca.pem                      the CA every server and client checks the other against (public)
#   OUT_DIR/ca-key.pem                  the CA's key: keep it offline (it issues every certificate below)
#   OUT_DIR/servers/<host>.pem, -key.pem  one per nats-server: serverAuth and clientAuth (the cluster's routes are mutual TLS too)
#   OUT_DIR/clients/<name>.pem, -key.pem  coordinator, and node-<org> and leaf-<org> for every organisation (its node
#                                        connecting directly, or its site's leaf node): nats-server maps the certificate's
#                                        subject (CN=node-<org>,O=Brabant Federated Analytics) to that user and its
#                                        permissions (deploy/nats/production/authorization.conf)
#
# Settings (environment): NATS_SERVERS (host names, default nats-1.bfa.example nats-2.bfa.example nats-3.bfa.example;
# host/address adds the server's IPv4 address to its certificate, e.g. nats-1.bfa.example/192.0.2.11), ORGS (default gemeente ggd schoolbestuur sterkhuis), DAYS (default 825).
# Run it again with another OUT_DIR to rotate everything; with the same OUT_DIR it keeps the CA and issues what is
# missing (delete a client's two files first to reissue its certificate).
set -eu

out=${1:?usage: make-certs.sh OUT_DIR}
servers=${NATS_SERVERS:-nats-1.bfa.example nats-2.bfa.example nats-3.bfa.example}
orgs=${ORGS:-gemeente ggd schoolbestuur sterkhuis}
days=${DAYS:-825}
org_name='Brabant Federated Analytics'

umask 077
mkdir -p "$out/servers" "$out/clients"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

p256() { openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "$@" 2>/dev/null; }

if [ ! -f "$out/ca.pem" ]; then
  p256 -x509 -keyout "$out/ca-key.pem" -out "$out/ca.pem" -days "$days" -subj "/O=$org_name/CN=$org_name NATS CA" \
    -addext 'basicConstraints=critical,CA:TRUE' -addext 'keyUsage=critical,keyCertSign,cRLSign'
fi

# issue NAME DIR SUBJECT EXTENSIONS: a key and a certificate signed by the CA, unless both exist.
issue() {
  [ -f "$2/$1.pem" ] && [ -f "$2/$1-key.pem" ] && return 0
  p256 -keyout "$2/$1-key.pem" -out "$scratch/$1.csr" -subj "$3"
  printf '%s\n' "$4" > "$scratch/$1.ext"
  openssl x509 -req -in "$scratch/$1.csr" -CA "$out/ca.pem" -CAkey "$out/ca-key.pem" -set_serial "0x$(openssl rand -hex 16)" \
    -days "$days" -extfile "$scratch/$1.ext" -out "$2/$1.pem" 2>/dev/null
  echo "issued $2/$1.pem"
}

# subjectAltName of one name: DNS:name, or IP:address for an IPv4 address.
alt_name() {
  case $1 in
    *[!0-9.]*) printf 'DNS:%s' "$1" ;;
    *) printf 'IP:%s' "$1" ;;
  esac
}

for server in $servers; do
  host=${server%%/*}
  san=$(alt_name "$host")
  [ "$server" != "$host" ] && san="$san,$(alt_name "${server#*/}")"
  issue "$host" "$out/servers" "/O=$org_name/CN=$host" \
    "subjectAltName = $san
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth, clientAuth"
done

for name in coordinator $(for org in $orgs; do printf 'node-%s leaf-%s ' "$org" "$org"; done); do
  issue "$name" "$out/clients" "/O=$org_name/CN=$name" \
    "basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth"
done

# Certificates are public (not the *-key.pem beside them, which end in y.pem).
chmod 644 "$out/ca.pem" "$out"/servers/*[!y].pem "$out"/clients/*[!y].pem
echo "certificates in $out (keys owner-only; move ca-key.pem offline)"
