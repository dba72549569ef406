#!/usr/bin/env bash
# Starts or stops a real control plane (etcd + kube-apiserver built by build.sh) on loopback.
#   cluster.sh up       start, or reuse a healthy plane; prints the kubeconfig path
#   cluster.sh down     stop every process this plane started and remove its state
#   cluster.sh status   exit 0 when the plane answers /readyz
#   cluster.sh restart-apiserver   stop kube-apiserver for a few seconds and start it again (etcd keeps its data)
# State lives in .controlplane/ (git-ignored): pki/, etcd/, logs, pids, ports and kubeconfig.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
STATE="${BALLAST_CONTROLPLANE_DIR:-$ROOT/.controlplane}"
BIN="$STATE/bin"
PKI="$STATE/pki"
KUBECONFIG_FILE="$STATE/kubeconfig"
READY_TIMEOUT="${BALLAST_READY_TIMEOUT:-180}"

log() { echo "control plane: $*" >&2; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

alive() { [[ -f "$STATE/$1.pid" ]] && kill -0 "$(cat "$STATE/$1.pid")" 2>/dev/null; }

ready() {
  [[ -f "$STATE/ports" ]] || return 1
  # shellcheck disable=SC1091
  source "$STATE/ports"
  alive etcd && alive kube-apiserver || return 1
  curl -sf --max-time 5 --cacert "$PKI/ca.crt" --cert "$PKI/admin.crt" --key "$PKI/admin.key" \
    "https://127.0.0.1:$APISERVER_PORT/readyz" >/dev/null
}

pki() {
  [[ -f "$PKI/admin.crt" ]] && return 0
  mkdir -p "$PKI"
  (
    cd "$PKI"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 3650 -subj "/CN=ballast-local-ca" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -keyout apiserver.key -out apiserver.csr -subj "/CN=kube-apiserver" 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes.default.svc,IP:10.0.0.1\nextendedKeyUsage=serverAuth\n' > apiserver.ext
    openssl x509 -req -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out apiserver.crt -days 3650 -extfile apiserver.ext 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -keyout admin.key -out admin.csr -subj "/O=system:masters/CN=ballast-admin" 2>/dev/null
    printf 'extendedKeyUsage=clientAuth\n' > admin.ext
    openssl x509 -req -in admin.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out admin.crt -days 3650 -extfile admin.ext 2>/dev/null
    openssl genrsa -out sa.key 2048 2>/dev/null
    openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
  )
}

stop() {
  local name="$1"
  if [[ -f "$STATE/$name.pid" ]]; then
    local pid
    pid="$(cat "$STATE/$name.pid")"
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$STATE/$name.pid"
  fi
}

start_apiserver() {
  setsid "$BIN/kube-apiserver" --etcd-servers "http://127.0.0.1:$ETCD_PORT" \
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$APISERVER_PORT" \
    --tls-cert-file "$PKI/apiserver.crt" --tls-private-key-file "$PKI/apiserver.key" --cert-dir "$PKI" \
    --client-ca-file "$PKI/ca.crt" --authorization-mode RBAC \
    --service-account-issuer https://kubernetes.default.svc --service-account-key-file "$PKI/sa.pub" \
    --service-account-signing-key-file "$PKI/sa.key" --service-cluster-ip-range 10.0.0.0/24 \
    --disable-admission-plugins ServiceAccount --allow-privileged=true \
    > "$STATE/kube-apiserver.log" 2>&1 < /dev/null 9>&- &
  echo $! > "$STATE/kube-apiserver.pid"
}

# Stops and restarts kube-apiserver only, keeping etcd and its data: for reconnection tests.
restart_apiserver() {
  ready || { log "no healthy plane to restart"; exit 1; }
  stop kube-apiserver
  sleep "${BALLAST_APISERVER_DOWNTIME:-3}"
  start_apiserver
  local start=$SECONDS
  until ready; do
    (( SECONDS - start > READY_TIMEOUT )) && { log "kube-apiserver not ready after restart"; exit 1; }
    sleep 0.5
  done
  log "kube-apiserver restarted"
}

up() {
  [[ -x "$BIN/kube-apiserver" && -x "$BIN/etcd" ]] || { log "binaries missing in $BIN: run 'make controlplane'"; exit 1; }
  if ready; then
    log "reusing the healthy plane at https://127.0.0.1:$APISERVER_PORT"
    echo "$KUBECONFIG_FILE"
    return 0
  fi
  stop kube-apiserver
  stop etcd
  rm -rf "$STATE/etcd"
  pki
  ETCD_PORT="$(free_port)"; ETCD_PEER_PORT="$(free_port)"; APISERVER_PORT="$(free_port)"
  printf 'ETCD_PORT=%s\nETCD_PEER_PORT=%s\nAPISERVER_PORT=%s\n' "$ETCD_PORT" "$ETCD_PEER_PORT" "$APISERVER_PORT" > "$STATE/ports"

  setsid "$BIN/etcd" --name ballast --data-dir "$STATE/etcd" \
    --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster "ballast=http://127.0.0.1:$ETCD_PEER_PORT" --unsafe-no-fsync --log-level warn \
    > "$STATE/etcd.log" 2>&1 < /dev/null 9>&- &
  echo $! > "$STATE/etcd.pid"

  start_apiserver

  cat > "$KUBECONFIG_FILE" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
- name: ballast-local
  cluster:
    server: https://127.0.0.1:$APISERVER_PORT
    certificate-authority: $PKI/ca.crt
users:
- name: ballast-admin
  user:
    client-certificate: $PKI/admin.crt
    client-key: $PKI/admin.key
contexts:
- name: ballast-local
  context: {cluster: ballast-local, user: ballast-admin}
current-context: ballast-local
KUBECONFIG

  local start=$SECONDS
  until ready; do
    if ! alive etcd || ! alive kube-apiserver; then
      log "a process died during start-up; last log lines:"
      tail -n 20 "$STATE/etcd.log" "$STATE/kube-apiserver.log" >&2 || true
      down; exit 1
    fi
    if (( SECONDS - start > READY_TIMEOUT )); then
      log "not ready after ${READY_TIMEOUT}s; last log lines:"
      tail -n 20 "$STATE/kube-apiserver.log" >&2 || true
      down; exit 1
    fi
    sleep 0.5
  done
  log "ready in $((SECONDS - start))s at https://127.0.0.1:$APISERVER_PORT (kubeconfig $KUBECONFIG_FILE)"
  echo "$KUBECONFIG_FILE"
}

down() {
  stop kube-apiserver
  stop etcd
  rm -rf "$STATE/etcd" "$STATE/ports" "$STATE/kubeconfig" "$STATE"/*.log
  log "stopped"
}

mkdir -p "$STATE"
exec 9> "$STATE/lock"
flock -w 300 9 || { log "another cluster.sh holds $STATE/lock"; exit 1; }
case "${1:-}" in
  up) up ;;
  down) down ;;
  status) ready ;;
  restart-apiserver) restart_apiserver ;;
  *) echo "usage: $0 up|down|status|restart-apiserver" >&2; exit 2 ;;
esac
