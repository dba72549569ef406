#!/usr/bin/env bash
# `make run`: runs the operator against the current kubeconfig when a cluster answers; otherwise brings up the
# local control plane, installs the CRDs and the examples, and runs against that. A kubeconfig that points at this
# checkout's own local plane (.controlplane/) counts as the local plane: the webhook is registered and served.
# Ctrl-C stops the operator; a plane this script started keeps running (it says so; `make cluster-down` stops it),
# unless the operator failed to start, then it is stopped again.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
STATE="$ROOT/.controlplane"
KUBECTL="$STATE/bin/kubectl"
[[ -x "$KUBECTL" ]] || KUBECTL="$(command -v kubectl || true)"
HTTP_PORT="${QUARKUS_HTTP_PORT:-8080}"
WEBHOOK_PORT="${BALLAST_WEBHOOK_PORT:-8443}"
REPORT_PORT="${BALLAST_REPORT_PORT:-8081}"
ESTABLISHED_TIMEOUT="${BALLAST_ESTABLISHED_TIMEOUT:-60}"

say() { echo "ballast: $*"; }
fail() { echo "ballast: $*" >&2; exit 1; }

# Fails naming the port and the setting when something already listens on it: the operator would die on start-up.
require_free_port() {
  python3 - "$1" <<'PY' || fail "port $1 is in use by another process (set $2 to another port, or stop that process)"
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    s.bind(("0.0.0.0", int(sys.argv[1])))
except OSError:
    sys.exit(1)
PY
}

# True when the current kubeconfig's cluster is this checkout's local plane: same server URL and same CA.
current_is_local_plane() {
  [[ -f "$STATE/ports" && -f "$STATE/pki/ca.crt" ]] || return 1
  local APISERVER_PORT server ca ca_data
  APISERVER_PORT="$(sed -n 's/^APISERVER_PORT=//p' "$STATE/ports")"
  server="$("$KUBECTL" config view --minify -o 'jsonpath={.clusters[0].cluster.server}' 2>/dev/null || true)"
  [[ "$server" == "https://127.0.0.1:$APISERVER_PORT" || "$server" == "https://localhost:$APISERVER_PORT" ]] || return 1
  ca="$("$KUBECTL" config view --minify -o 'jsonpath={.clusters[0].cluster.certificate-authority}' 2>/dev/null || true)"
  if [[ -n "$ca" ]]; then
    cmp -s "$ca" "$STATE/pki/ca.crt"
  else
    ca_data="$("$KUBECTL" config view --minify --raw -o 'jsonpath={.clusters[0].cluster.certificate-authority-data}' 2>/dev/null || true)"
    [[ -n "$ca_data" ]] && cmp -s <(base64 -d <<<"$ca_data") "$STATE/pki/ca.crt"
  fi
}

# `kubectl wait` right after applying CRDs fails with ".status.conditions accessor error" until the API server has
# written the first condition: retry, bounded.
wait_established() {
  local deadline=$((SECONDS + ESTABLISHED_TIMEOUT)) out
  until out="$("$KUBECTL" wait --for=condition=Established --timeout=10s crd --all 2>&1)"; do
    (( SECONDS < deadline )) || fail "CRDs not Established after ${ESTABLISHED_TIMEOUT}s: $out"
    sleep 1
  done
}

require_free_port "$HTTP_PORT" QUARKUS_HTTP_PORT
require_free_port "$REPORT_PORT" BALLAST_REPORT_PORT
LOCAL=false
STARTED_PLANE=false
if [[ -n "$KUBECTL" ]] && "$KUBECTL" version --request-timeout=3s >/dev/null 2>&1 && ! current_is_local_plane; then
  say "using the cluster of the current kubeconfig ($("$KUBECTL" config current-context 2>/dev/null || echo default))"
  # that cluster's API server cannot call a webhook on this machine, and an installed Ballast owns the webhook there
  export BALLAST_WEBHOOK_ENABLED="${BALLAST_WEBHOOK_ENABLED:-false}"
else
  LOCAL=true
  require_free_port "$WEBHOOK_PORT" BALLAST_WEBHOOK_PORT
  if hack/controlplane/cluster.sh status 2>/dev/null; then
    say "using this checkout's local control plane (.controlplane/)"
  else
    say "no reachable cluster in the current kubeconfig; starting the local control plane"
    STARTED_PLANE=true
  fi
  make --no-print-directory cluster-up >/dev/null
  export KUBECONFIG="$STATE/kubeconfig"
  KUBECTL="$STATE/bin/kubectl"
  "$KUBECTL" apply -f crds/ -f manifests/optional/policyreport-crd.yaml -f hack/controlplane/peerauthentication-crd.yaml >/dev/null
  wait_established
  "$KUBECTL" apply -f examples/policies/ -f examples/workloads/ >/dev/null
  # the webhook, as shipped but called on loopback: Ballast provisions its certificate (IP SAN 127.0.0.1) and caBundle
  "$KUBECTL" apply -f manifests/00-namespace.yaml >/dev/null
  sed "s|service: {name: ballast-webhook, namespace: ballast-system, path: /validate, port: 443}|url: \"https://127.0.0.1:$WEBHOOK_PORT/validate\"|" \
    manifests/40-webhook.yaml | "$KUBECTL" apply -f - >/dev/null
  sed "s|service: {name: ballast-webhook, namespace: ballast-system, path: /mutate, port: 443}|url: \"https://127.0.0.1:$WEBHOOK_PORT/mutate\"|" \
    manifests/41-mutating-webhook.yaml | "$KUBECTL" apply -f - >/dev/null
  export BALLAST_WEBHOOK_HOST=127.0.0.1 BALLAST_WEBHOOK_EXTRA_IPS=127.0.0.1
  say "installed the CRDs, examples/policies, examples/workloads and the webhook (https://127.0.0.1:$WEBHOOK_PORT)"
fi
cat <<HELP
ballast: starting the operator (Ctrl-C stops it). In another terminal:
  export KUBECONFIG=${KUBECONFIG:-~/.kube/config}
  $KUBECTL get stabpol                          # Ready, Mode, Workloads, Violations, Score
  $KUBECTL get stabpol baseline -o yaml         # status: summary, violations, remediations
  $KUBECTL get policyreports -A                 # one per namespace per policy
  $KUBECTL get events -A --field-selector reason=StabilityViolation
  curl -s localhost:$HTTP_PORT/q/metrics | grep ballast_
  the cluster report: http://localhost:$REPORT_PORT/report   (also /report.json, /report.md)
HELP

# Ctrl-C reaches the operator (same process group); this shell only waits for it and then says what is left.
trap ':' INT TERM
code=0
bin/ballast run || code=$?
if [[ "$LOCAL" == true ]]; then
  if [[ "$STARTED_PLANE" == true && "$code" != 0 && "$code" != 130 && "$code" != 143 ]]; then
    say "the operator failed (exit $code); stopping the local control plane this run started"
    hack/controlplane/cluster.sh down 2>/dev/null || true
  else
    say "the operator stopped; the local control plane is still running (KUBECONFIG=$STATE/kubeconfig)."
    say "  'make run' again reuses it; 'make cluster-down' stops it and removes its state"
  fi
fi
# Ctrl-C (or a TERM) is how this is meant to stop: not an error for make
[[ "$code" == 130 || "$code" == 143 ]] && code=0
exit "$code"
