#!/usr/bin/env bash
# `make bench`: engine throughput (JMH, one thread), the wall time of `ballast audit` over 10,000 generated workloads
# (JVM start included), the operator at 10,000 Deployments and the webhook under load on the local control plane,
# and a 10,000-workload cluster report (rendered, then driven in headless Chromium). Results go to target/bench/;
# BENCHMARKS.md summarises them. Every part is bounded in time and count.
# BENCH_SCALE=50k runs only the operator part, at 50,000 Deployments / 10,000 HPAs / 500 namespaces (its objects stay
# on the plane beside the 10k set, in namespaces of their own: `make cluster-down` removes both), into
# target/bench/operator-50k.md.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$ROOT/target/bench"
mkdir -p "$OUT"
cd "$ROOT"
MVN="${MVN:-mvn -B -ntp}"

$MVN -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/classpath.txt"
CP="target/test-classes:target/classes:$(cat "$OUT/classpath.txt")"
SCALE="${BENCH_SCALE:-10k}"

if [[ "$SCALE" != 10k ]]; then
  echo "== operator at scale $SCALE on the local control plane"
  make --no-print-directory controlplane >/dev/null
  exec java -Dballast.root="$ROOT" -Dballast.bench.scale="$SCALE" -cp "$CP" dev.ballast.bench.OperatorBench \
    "$OUT/operator-$SCALE.md"
fi

echo "== engine: JMH, 1 thread, full baseline policy"
java -cp "$CP" org.openjdk.jmh.Main EngineBenchmark -f 1 -t 1 -wi 3 -w 2s -i 5 -r 3s \
  -rf json -rff "$OUT/engine-jmh.json" | tail -n 4

echo "== audit: the public corpus and 10,000 generated workloads, interleaved with kube-score on the same files"
python3 hack/generate-workloads.py "$OUT/manifests" 10000
KUBE_SCORE="${BALLAST_CACHE:-$HOME/.cache/ballast}/peers/kube-score"
if [[ ! -x "$KUBE_SCORE" ]]; then
  GOBIN="$(dirname "$KUBE_SCORE")" GOFLAGS=-buildvcs=false go install github.com/zegl/kube-score/cmd/kube-score@v1.20.0 \
    || echo "bench: kube-score did not build; the audit figures are reported without the ratio" >&2
fi
bin/ballast audit -f "$OUT/manifests" --format json --fail-on none > "$OUT/audit.json"
python3 hack/bench-audit.py "$KUBE_SCORE" src/test/resources/corpus "$OUT/manifests" > "$OUT/audit.md"
workloads=$(python3 -c "import json; print(json.load(open('$OUT/audit.json'))['summary']['workloads'])")
ops=$(python3 -c "import json; print(round(json.load(open('$OUT/engine-jmh.json'))[0]['primaryMetric']['score']))")
cat > "$OUT/results.md" <<RESULTS
machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)
engine: $ops workload evaluations/s (1 thread, JMH, baseline policy)
audit of the generated set: $workloads workloads
$(cat "$OUT/audit.md")
RESULTS
cat "$OUT/results.md"

echo "== operator: 10,000 Deployments, 2,000 HPAs, 100 namespaces, 3 policies on the local control plane"
make --no-print-directory controlplane >/dev/null
java -Dballast.root="$ROOT" -cp "$CP" dev.ballast.bench.OperatorBench "$OUT/operator.md"

echo "== webhook: AdmissionReviews over HTTPS to /validate and /mutate (the same mix) at 1, 8, 64 connections; create latency with and without it"
java -Dballast.root="$ROOT" -cp "$CP" dev.ballast.bench.WebhookBench "$OUT/webhook.md"

echo "== report: 10,000 workloads rendered as HTML, JSON, Markdown; the page in headless Chromium"
java -cp "$CP" dev.ballast.report.cluster.ReportBench "$OUT/report.md"
