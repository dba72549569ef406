#!/usr/bin/env python3
"""Wall time of `ballast audit`, `ballast audit --strict` (schema validation too) and kube-score on the same
inputs, runs interleaved so all see the same machine load. Usage: bench-audit.py KUBE_SCORE DIR... ; prints a Markdown table (median, min-max)."""
import os
import statistics
import subprocess
import sys
import time

RUNS = 7


def files(directory):
    return sorted(os.path.join(d, f) for d, _, names in os.walk(directory) for f in names
                  if f.endswith((".yaml", ".yml", ".json")))


def wall(argv):
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300, check=False)
    return time.perf_counter() - start


def main():
    kube_score, inputs = sys.argv[1], sys.argv[2:]
    have_peer = os.access(kube_score, os.X_OK)
    print("| input | ballast audit (median, min–max) | ballast audit --strict | kube-score v1.20.0 "
          "| ratio (kube-score / ballast) |")
    print("|---|---|---|---|---|")
    for directory in inputs:
        names = files(directory)
        tools = {"ballast": ["bin/ballast", "audit", "-f", directory, "--format", "json", "--fail-on", "none"],
                 "strict": ["bin/ballast", "audit", "-f", directory, "--format", "json", "--fail-on", "none",
                            "--strict", "--ignore-missing-schemas"]}
        if have_peer:
            tools["kube-score"] = [kube_score, "score", "-o", "json", *names]
        times = {tool: [] for tool in tools}
        for _ in range(RUNS):
            for tool, argv in tools.items():
                times[tool].append(wall(argv))
        cell = {tool: f"{statistics.median(t):.3f} s ({min(t):.3f}–{max(t):.3f})" for tool, t in times.items()}
        ratio = (f"{statistics.median(times['kube-score']) / statistics.median(times['ballast']):.2f}"
                 if have_peer else "kube-score not built")
        print(f"| {directory} ({len(names)} files) | {cell['ballast']} | {cell['strict']} | {cell.get('kube-score', '—')} "
              f"| {ratio} |")


if __name__ == "__main__":
    main()
