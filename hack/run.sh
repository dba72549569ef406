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
else
  echo "ballast: no reachable cluster in the current kubeconfig; starting the local control plane"
  make --no-print-directory cluster-up >/dev/null
  export KUBECONFIG="$ROOT/.controlplane/kubeconfig"
  KUBECTL="$ROOT/.controlplane/bin/kubectl"
  "$KUBECTL" apply -f crds/ -f manifests/optional/policyreport-crd.yaml -f hack/controlplane/peerauthentication-crd.yaml >/dev/null
  "$KUBECTL" wait --for=condition=Established --timeout=60s crd --all >/dev/null
  "$KUBECTL" apply -f examples/policies/ -f examples/workloads/ >/dev/null
  echo "ballast: installed the CRDs, examples/policies and examples/workloads"
fi
PORT="${QUARKUS_HTTP_PORT:-8080}"
cat <<HELP
ballast: starting the operator (Ctrl-C stops it). In another terminal:
  export KUBECONFIG=${KUBECONFIG:-~/.kube/config}
  $KUBECTL get stabpol                          # Mode, Workloads, Violations, Score
  $KUBECTL get stabpol baseline -o yaml         # status: summary, violations, remediations
  $KUBECTL get policyreports -A                 # one per namespace per policy
  $KUBECTL get events -A --field-selector reason=StabilityViolation
  curl -s localhost:$PORT/q/metrics | grep ballast_
HELP
exec bin/ballast run
