#!/usr/bin/env bash
# `make run`: runs the operator against the current kubeconfig when a cluster answers; otherwise brings up the
# local control plane, installs the CRDs and the examples, and runs against that.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
KUBECTL="$ROOT/.controlplane/bin/kubectl"
[[ -x "$KUBECTL" ]] || KUBECTL="$(command -v kubectl || true)"

if [[ -n "$KUBECTL" ]] && "$KUBECTL" version --request-timeout=3s >/dev/null 2>&1; then
  echo "ballast: using the cluster of the current kubeconfig ($("$KUBECTL" config current-context 2>/dev/null || echo default))"
  # that cluster's API server cannot call a webhook on this machine, and an installed Ballast owns the webhook there
  export BALLAST_WEBHOOK_ENABLED="${BALLAST_WEBHOOK_ENABLED:-false}"
else
  echo "ballast: no reachable cluster in the current kubeconfig; starting the local control plane"
  make --no-print-directory cluster-up >/dev/null
  export KUBECONFIG="$ROOT/.controlplane/kubeconfig"
  KUBECTL="$ROOT/.controlplane/bin/kubectl"
  "$KUBECTL" apply -f crds/ -f manifests/optional/policyreport-crd.yaml -f hack/controlplane/peerauthentication-crd.yaml >/dev/null
  "$KUBECTL" wait --for=condition=Established --timeout=60s crd --all >/dev/null
  "$KUBECTL" apply -f examples/policies/ -f examples/workloads/ >/dev/null
  # the webhook, as shipped but called on loopback: Ballast provisions its certificate (IP SAN 127.0.0.1) and caBundle
  "$KUBECTL" apply -f manifests/00-namespace.yaml >/dev/null
  sed 's|service: {name: ballast-webhook, namespace: ballast-system, path: /validate, port: 443}|url: "https://127.0.0.1:8443/validate"|' \
    manifests/40-webhook.yaml | "$KUBECTL" apply -f - >/dev/null
  export BALLAST_WEBHOOK_HOST=127.0.0.1 BALLAST_WEBHOOK_EXTRA_IPS=127.0.0.1
  echo "ballast: installed the CRDs, examples/policies, examples/workloads and the webhook (https://127.0.0.1:8443)"
fi
PORT="${QUARKUS_HTTP_PORT:-8080}"
REPORT_PORT="${BALLAST_REPORT_PORT:-8081}"
cat <<HELP
ballast: starting the operator (Ctrl-C stops it). In another terminal:
  export KUBECONFIG=${KUBECONFIG:-~/.kube/config}
  $KUBECTL get stabpol                          # Mode, Workloads, Violations, Score
  $KUBECTL get stabpol baseline -o yaml         # status: summary, violations, remediations
  $KUBECTL get policyreports -A                 # one per namespace per policy
  $KUBECTL get events -A --field-selector reason=StabilityViolation
  curl -s localhost:$PORT/q/metrics | grep ballast_
  open http://localhost:$REPORT_PORT/report             # the cluster report (also /report.json, /report.md)
HELP
exec bin/ballast run
