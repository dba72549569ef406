#!/usr/bin/env python3
"""Packs the Ballast image archive without a container engine.

Writes one tar that is at once an OCI image layout (oci-layout, index.json, blobs/sha256/...) and a `docker save`
archive (manifest.json naming the same blobs), so docker/podman load, kind load image-archive, ctr import, skopeo
and crane all read it. Two uncompressed layers: the Debian base root filesystem (hack/image/base.sh) and the
application (target/quarkus-app + bin/ballast under /opt/ballast), the latter with fixed mtimes and root ownership
so the same build gives the same layer.
"""
import argparse
import hashlib
import io
import json
import os
import platform
import subprocess
import sys
import tarfile
import tempfile
import xml.etree.ElementTree as ET
from datetime import datetime, timezone

APP_HOME = "opt/ballast"
USER = "10001:10001"
JVM_FLAGS = ("-XX:MaxRAMPercentage=50 -XX:+UseSerialGC -XX:MaxMetaspaceSize=128m -XX:MinHeapFreeRatio=20 "
             "-XX:MaxHeapFreeRatio=40 -XX:-ShrinkHeapInSteps -XX:TrimNativeHeapInterval=60000 -XX:+ExitOnOutOfMemoryError "
             "-XX:-UsePerfData")
ARCHITECTURES = {"x86_64": "amd64", "aarch64": "arm64", "ppc64le": "ppc64le", "s390x": "s390x"}


def fail(message):
    print(f"image: {message}", file=sys.stderr)
    sys.exit(1)


def pom_version(pom):
    ns = {"m": "http://maven.apache.org/POM/4.0.0"}
    version = ET.parse(pom).getroot().find("m:version", ns)
    if version is None or not version.text:
        fail(f"{pom}: no <version> in <project>")
    return version.text.strip()


def git(root, *args):
    try:
        return subprocess.run(["git", "-C", root, *args], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def app_layer(root, out_path, mtime):
    """bin/ballast and target/quarkus-app under /opt/ballast, the same relative layout bin/ballast expects."""
    app = os.path.join(root, "target", "quarkus-app")
    if not os.path.isfile(os.path.join(app, "quarkus-run.jar")):
        fail(f"{app}/quarkus-run.jar is missing: run 'make build' first")

    def entry(name, kind, mode, size=0):
        info = tarfile.TarInfo(name)
        info.type, info.mode, info.size, info.mtime = kind, mode, size, mtime
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        return info

    with tarfile.open(out_path, "w", format=tarfile.PAX_FORMAT) as tar:
        parts = APP_HOME.split("/")
        for i in range(1, len(parts) + 1):
            tar.addfile(entry("/".join(parts[:i]) + "/", tarfile.DIRTYPE, 0o755))
        tar.addfile(entry(f"{APP_HOME}/bin/", tarfile.DIRTYPE, 0o755))
        with open(os.path.join(root, "bin", "ballast"), "rb") as f:
            data = f.read()
        tar.addfile(entry(f"{APP_HOME}/bin/ballast", tarfile.REGTYPE, 0o755, len(data)), io.BytesIO(data))
        tar.addfile(entry(f"{APP_HOME}/target/", tarfile.DIRTYPE, 0o755))
        for directory, dirs, files in os.walk(app):
            dirs.sort()
            rel = os.path.relpath(directory, os.path.join(root, "target"))
            tar.addfile(entry(f"{APP_HOME}/target/{rel}/", tarfile.DIRTYPE, 0o755))
            for name in sorted(files):
                path = os.path.join(directory, name)
                with open(path, "rb") as f:
                    tar.addfile(entry(f"{APP_HOME}/target/{rel}/{name}", tarfile.REGTYPE, 0o644,
                                      os.path.getsize(path)), f)


def add_bytes(tar, name, data, mtime):
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), mtime, 0o644
    tar.addfile(info, io.BytesIO(data))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--root", required=True, help="the repository root (pom.xml, bin/, target/quarkus-app)")
    parser.add_argument("--base", required=True, help="the base root filesystem layer tar")
    parser.add_argument("--out", required=True)
    parser.add_argument("--repository", default="ballast/ballast")
    parser.add_argument("--tag", help="default: the pom.xml version without -SNAPSHOT (the tag manifests/ name)")
    args = parser.parse_args()

    root = os.path.abspath(args.root)
    version = pom_version(os.path.join(root, "pom.xml"))
    tag = args.tag or version.removesuffix("-SNAPSHOT")
    revision = git(root, "rev-parse", "HEAD") or "unknown"
    mtime = int(os.environ.get("SOURCE_DATE_EPOCH") or git(root, "log", "-1", "--format=%ct") or 0)
    created = datetime.fromtimestamp(mtime, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    architecture = ARCHITECTURES.get(platform.machine())
    if architecture is None:
        fail(f"unsupported machine architecture {platform.machine()}")

    out_dir = os.path.dirname(os.path.abspath(args.out))
    os.makedirs(out_dir, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out_dir, prefix=".image-") as work:
        app_tar = os.path.join(work, "app.tar")
        app_layer(root, app_tar, mtime)
        layers = [(args.base, sha256_of(args.base)), (app_tar, sha256_of(app_tar))]
        labels = {
            "org.opencontainers.image.title": "ballast",
            "org.opencontainers.image.description": "Ballast: Kubernetes workload stability policies (operator, "
                                                    "admission webhook and the ballast CLI)",
            "org.opencontainers.image.version": version,
            "org.opencontainers.image.revision": revision,
            "org.opencontainers.image.created": created,
            "org.opencontainers.image.source": os.environ.get("BALLAST_IMAGE_SOURCE")
                                               or git(root, "remote", "get-url", "origin") or "unknown",
            "org.opencontainers.image.licenses": os.environ.get("BALLAST_IMAGE_LICENSES") or "NOASSERTION",
        }
        config = {
            "created": created,
            "architecture": architecture,
            "os": "linux",
            "config": {
                "User": USER,
                "Entrypoint": [f"/{APP_HOME}/bin/ballast"],
                "Cmd": ["run"],
                "Env": [
                    "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                    "LANG=C.UTF-8",
                    "HOME=/tmp",
                    f"JAVA_TOOL_OPTIONS={JVM_FLAGS}",
                ],
                "WorkingDir": f"/{APP_HOME}",
                "ExposedPorts": {"8080/tcp": {}, "8443/tcp": {}},
                "Labels": labels,
                "StopSignal": "SIGTERM",
            },
            "rootfs": {"type": "layers", "diff_ids": [f"sha256:{digest}" for _, digest in layers]},
            "history": [
                {"created": created, "created_by": "hack/image/base.sh: Debian root filesystem with a Java 17 runtime ("
                                                   + os.path.basename(os.path.dirname(args.base)) + ")"},
                {"created": created, "created_by": "hack/image/pack.py: target/quarkus-app and bin/ballast in "
                                                   f"/{APP_HOME}"},
            ],
        }
        config_bytes = json.dumps(config, indent=2, sort_keys=True).encode()
        config_digest = hashlib.sha256(config_bytes).hexdigest()
        manifest = {
            "schemaVersion": 2,
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                       "digest": f"sha256:{config_digest}", "size": len(config_bytes)},
            "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar", "digest": f"sha256:{digest}",
                        "size": os.path.getsize(path)} for path, digest in layers],
            "annotations": {"org.opencontainers.image.created": created},
        }
        manifest_bytes = json.dumps(manifest, indent=2, sort_keys=True).encode()
        manifest_digest = hashlib.sha256(manifest_bytes).hexdigest()
        index = {
            "schemaVersion": 2,
            "mediaType": "application/vnd.oci.image.index.v1+json",
            "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json",
                           "digest": f"sha256:{manifest_digest}", "size": len(manifest_bytes),
                           "annotations": {"org.opencontainers.image.ref.name": tag}}],
        }
        docker_manifest = [{"Config": f"blobs/sha256/{config_digest}",
                            "RepoTags": [f"{args.repository}:{tag}"],
                            "Layers": [f"blobs/sha256/{digest}" for _, digest in layers]}]

        partial = os.path.join(work, "image.tar")
        with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as tar:
            add_bytes(tar, "oci-layout", json.dumps({"imageLayoutVersion": "1.0.0"}).encode(), mtime)
            for path, digest in layers:
                info = tarfile.TarInfo(f"blobs/sha256/{digest}")
                info.size, info.mtime, info.mode = os.path.getsize(path), mtime, 0o644
                with open(path, "rb") as f:
                    tar.addfile(info, f)
            add_bytes(tar, f"blobs/sha256/{config_digest}", config_bytes, mtime)
            add_bytes(tar, f"blobs/sha256/{manifest_digest}", manifest_bytes, mtime)
            add_bytes(tar, "index.json", json.dumps(index, indent=2).encode(), mtime)
            add_bytes(tar, "manifest.json", json.dumps(docker_manifest, indent=2).encode(), mtime)
        os.replace(partial, args.out)
    print(f"image: {args.out}: {args.repository}:{tag} ({os.path.getsize(args.out) // (1 << 20)} MiB, "
          f"manifest sha256:{manifest_digest})")


if __name__ == "__main__":
    main()
