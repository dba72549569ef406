#!/usr/bin/env bash
# Builds etcd, kube-apiserver and kubectl from upstream source (Go module proxy only) into a
# cache keyed by the pinned module files, and links .controlplane/bin to it. A warm cache
# makes this a no-op, so CI and `make test` can call it every time.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
HERE="$ROOT/hack/controlplane"
KUBE_VERSION="$(awk '$1 == "k8s.io/kubernetes" && $2 ~ /^v/ {print $2; exit} $1 == "require" && $2 == "k8s.io/kubernetes" {print $3; exit}' "$HERE/kube/go.mod")"
ETCD_VERSION="$(awk '/go.etcd.io\/etcd\/server\/v3 v/ {print $2; exit}' "$HERE/etcd/go.mod")"
KEY="$(cat "$HERE"/kube/go.mod "$HERE"/kube/go.sum "$HERE"/etcd/go.mod "$HERE"/etcd/go.sum "$0" | sha256sum | cut -c1-16)"
CACHE="${BALLAST_CACHE:-$HOME/.cache/ballast}/controlplane/$KEY"
LINK="$ROOT/.controlplane/bin"

export GOFLAGS=-buildvcs=false GOTOOLCHAIN=local CGO_ENABLED=0

# Two checkouts on one machine share the cache: the second waits for the first build instead of racing it.
mkdir -p "$(dirname "$CACHE")"
exec 9>"$CACHE.lock"
if ! flock -n 9; then
  echo "control plane: another build of $KEY is running; waiting for it"
  flock 9
fi

if [[ -x "$CACHE/kube-apiserver" && -x "$CACHE/kubectl" && -x "$CACHE/etcd" ]]; then
  echo "control plane: cached in $CACHE (kube $KUBE_VERSION, etcd $ETCD_VERSION)"
else
  echo "control plane: building kube $KUBE_VERSION and etcd $ETCD_VERSION from source into $CACHE (cold: tens of minutes on 2 cores)"
  start=$(date +%s)
  mkdir -p "$CACHE.partial"
  (cd "$HERE/etcd" && go build -trimpath -o "$CACHE.partial/etcd" go.etcd.io/etcd/server/v3)
  ldflags="-s -w -X k8s.io/component-base/version.gitVersion=$KUBE_VERSION \
    -X k8s.io/component-base/version.gitMajor=1 \
    -X k8s.io/component-base/version.gitMinor=$(echo "$KUBE_VERSION" | cut -d. -f2) \
    -X k8s.io/component-base/version.gitTreeState=clean \
    -X k8s.io/client-go/pkg/version.gitVersion=$KUBE_VERSION"
  for cmd in kube-apiserver kubectl; do
    (cd "$HERE/kube" && go build -trimpath -ldflags "$ldflags" -o "$CACHE.partial/$cmd" "k8s.io/kubernetes/cmd/$cmd")
  done
  rm -rf "$CACHE" && mv "$CACHE.partial" "$CACHE"
  echo "control plane: built in $(( $(date +%s) - start ))s"
fi

mkdir -p "$ROOT/.controlplane"
ln -sfn "$CACHE" "$LINK"
"$LINK/kubectl" version --client
