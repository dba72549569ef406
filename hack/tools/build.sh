#!/usr/bin/env bash
# Prints the path of a test tool, building it first (Go module proxy only, once per machine) into
# ${BALLAST_CACHE:-~/.cache/ballast}/peers/<tool>-<pin>:
#   helm          helm.sh/helm/v3 at HELM_VERSION (HelmChartE2E: lint, template, the values schema)
#   promql-check  hack/tools/promql-check, Prometheus's own PromQL parser (MonitoringE2E)
# A cold build takes minutes (downloads, then 2 cores of compiling); it is bounded by BALLAST_TOOL_BUILD_TIMEOUT
# (seconds, default 1800) and fails loudly, naming the tool, rather than leaving a half-built binary.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
HELM_VERSION=v3.22.0
TOOL="${1:?usage: hack/tools/build.sh helm|promql-check}"
export GOFLAGS="-mod=mod -buildvcs=false" GOTOOLCHAIN=local CGO_ENABLED=0

case "$TOOL" in
  helm) KEY="$HELM_VERSION" ;;
  promql-check) KEY="$(cat "$ROOT"/hack/tools/promql-check/{go.mod,go.sum,main.go} | sha256sum | cut -c1-16)" ;;
  *) echo "hack/tools/build.sh: unknown tool \"$TOOL\" (known: helm, promql-check)" >&2; exit 2 ;;
esac
DIR="${BALLAST_CACHE:-$HOME/.cache/ballast}/peers/$TOOL-$KEY"
mkdir -p "$(dirname "$DIR")"
exec 9>"$DIR.lock"
flock 9   # two checkouts on one machine: the second waits for the first build

if [[ ! -x "$DIR/$TOOL" ]]; then
  echo "tools: building $TOOL $KEY into $DIR (cold: several minutes)" >&2
  rm -rf "$DIR.partial" && mkdir -p "$DIR.partial"
  timeout="${BALLAST_TOOL_BUILD_TIMEOUT:-1800}"
  case "$TOOL" in
    helm) GOBIN="$DIR.partial" timeout "$timeout" go install -trimpath -ldflags "-s -w" "helm.sh/helm/v3/cmd/helm@$HELM_VERSION" ;;
    promql-check) (cd "$ROOT/hack/tools/promql-check" && timeout "$timeout" go build -trimpath -ldflags "-s -w" -o "$DIR.partial/$TOOL" .) ;;
  esac || { echo "tools: $TOOL $KEY did not build (see above)" >&2; rm -rf "$DIR.partial"; exit 1; }
  rm -rf "$DIR" && mv "$DIR.partial" "$DIR"
fi
echo "$DIR/$TOOL"
