#!/usr/bin/env bash
# `make image`: target/ballast-image.tar, an OCI image archive (also a `docker save` archive) built without a
# container engine: the cached Debian base layer (hack/image/base.sh) plus the application from `make build`
# (hack/image/pack.py). Overrides: IMAGE_REPOSITORY (default ballast/ballast), IMAGE_TAG (default: the pom version
# without -SNAPSHOT, the tag manifests/ use), IMAGE_OUT; labels: BALLAST_IMAGE_SOURCE, BALLAST_IMAGE_LICENSES.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
[[ -f target/quarkus-app/quarkus-run.jar ]] || { echo "image: target/quarkus-app is missing: run 'make build' first" >&2; exit 2; }
BASE="$(hack/image/base.sh)"
exec python3 hack/image/pack.py --root "$ROOT" --base "$BASE" \
  --repository "${IMAGE_REPOSITORY:-ballast/ballast}" ${IMAGE_TAG:+--tag "$IMAGE_TAG"} \
  --out "${IMAGE_OUT:-target/ballast-image.tar}"
