#!/usr/bin/env bash
# `make bench`: engine throughput (JMH, one thread), the wall time of `ballast audit` over 10,000 generated workloads
# (JVM start included), the operator at 10,000 Deployments and the webhook under load on the local control plane,
# and a 10,000-workload cluster report (rendered, then driven in headless Chromium). Results go to target/bench/;
# BENCHMARKS.md summarises them. Every part is bounded in time and count.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$ROOT/target/bench"
mkdir -p "$OUT"
cd "$ROOT"
MVN="${MVN:-mvn -B -ntp}"

$MVN -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/classpath.txt"
CP="target/test-classes:target/classes:$(cat "$OUT/classpath.txt")"

echo "== engine: JMH, 1 thread, full baseline policy"
java -cp "$CP" org.openjdk.jmh.Main EngineBenchmark -f 1 -t 1 -wi 3 -w 2s -i 5 -r 3s \
  -rf json -rff "$OUT/engine-jmh.json" | tail -n 4

echo "== audit: 10,000 generated workloads"
python3 hack/generate-workloads.py "$OUT/manifests" 10000
runs=()
for i in 1 2 3 4 5; do
  start=$(date +%s.%N)
  bin/ballast audit -f "$OUT/manifests" --format json --fail-on none > "$OUT/audit.json"
  end=$(date +%s.%N)
  runs+=("$(python3 -c "print(f'{$end - $start:.3f}')")")
done
workloads=$(python3 -c "import json; print(json.load(open('$OUT/audit.json'))['summary']['workloads'])")
median=$(printf '%s\n' "${runs[@]}" | sort -n | sed -n 3p)
ops=$(python3 -c "import json; print(round(json.load(open('$OUT/engine-jmh.json'))[0]['primaryMetric']['score']))")
cat > "$OUT/results.md" <<RESULTS
machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)
engine: $ops workload evaluations/s (1 thread, JMH, baseline policy)
audit: $workloads workloads, wall times ${runs[*]} s, median $median s (JVM start included)
RESULTS
cat "$OUT/results.md"

echo "== operator: 10,000 Deployments, 2,000 HPAs, 100 namespaces, 3 policies on the local control plane"
make --no-print-directory controlplane >/dev/null
java -Dballast.root="$ROOT" -cp "$CP" dev.ballast.e2e.OperatorBench "$OUT/operator.md"

echo "== webhook: AdmissionReviews over HTTPS at 1, 8, 64 connections; create latency with and without it"
java -Dballast.root="$ROOT" -cp "$CP" dev.ballast.e2e.WebhookBench "$OUT/webhook.md"

echo "== report: 10,000 workloads rendered as HTML, JSON, Markdown; the page in headless Chromium"
java -cp "$CP" dev.ballast.report.cluster.ReportBench "$OUT/report.md"
