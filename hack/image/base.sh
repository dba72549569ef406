#!/usr/bin/env bash
# Builds the image's base layer: a Debian root filesystem (Essential packages, a headless Java 17 runtime and CA
# certificates) made with mmdebstrap, written as one layer tar and cached under
#   ${BALLAST_CACHE:-~/.cache/ballast}/image-base/<key>/rootfs.tar
# where <key> hashes this script (package list, suite, hooks), so only a change here rebuilds it.
# Prints the tar's path. Packages come from Debian's archive: the host's own apt sources when the host runs the same
# Debian release, else a deb822 sources file named by BALLAST_IMAGE_SOURCES.
set -euo pipefail
SUITE=bookworm
PACKAGES=openjdk-17-jre-headless,ca-certificates
USER_ID=10001

KEY="$(sha256sum "${BASH_SOURCE[0]}" | cut -c1-16)"
DIR="${BALLAST_CACHE:-$HOME/.cache/ballast}/image-base/$KEY"
OUT="$DIR/rootfs.tar"
[[ -f "$OUT" ]] && { echo "$OUT"; exit 0; }

command -v mmdebstrap >/dev/null \
  || { echo "image: mmdebstrap is required (Debian package 'mmdebstrap': apt-get install mmdebstrap)" >&2; exit 1; }
SOURCES="${BALLAST_IMAGE_SOURCES:-}"
if [[ -z "$SOURCES" ]]; then
  # shellcheck disable=SC1091
  host_codename="$(. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}")"
  for f in /etc/apt/sources.list.d/debian.sources /etc/apt/sources.list; do
    [[ "$host_codename" == "$SUITE" && -s "$f" ]] && { SOURCES="$f"; break; }
  done
fi
[[ -n "$SOURCES" && -s "$SOURCES" ]] || {
  echo "image: no Debian $SUITE apt sources found; set BALLAST_IMAGE_SOURCES to a sources file for $SUITE" >&2; exit 1; }

mkdir -p "$DIR"
exec 9>"$DIR/.lock"
flock 9   # another build of the same key (another worktree) finishes first; then reuse its result
[[ -f "$OUT" ]] && { echo "$OUT"; exit 0; }
echo "image: building the base root filesystem ($SUITE: $PACKAGES) once into $DIR ..." >&2
start=$SECONDS
# Device nodes are left out (runtimes mount their own /dev; rootless ones cannot create them). Docs, man pages and
# translations are left out (copyright files stay); apt's lists and caches are removed; the
# image's user (numeric, no shell, home /tmp: the only writable place under a read-only root filesystem) is added.
# openjdk's postinst links its man page with update-alternatives, which fails without the man1 directory.
mmdebstrap --verbose --variant=essential --format=tar --skip=output/dev --include="$PACKAGES" \
  --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
  --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/info/*' \
  --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-exclude=/usr/share/lintian/*' \
  --essential-hook='mkdir -p "$1/usr/share/man/man1"' \
  --customize-hook='rm -rf "$1/usr/share/man"' \
  --customize-hook="echo 'ballast:x:$USER_ID:$USER_ID:ballast:/tmp:/usr/sbin/nologin' >> \"\$1/etc/passwd\"" \
  --customize-hook="echo 'ballast:x:$USER_ID:' >> \"\$1/etc/group\"" \
  --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/* "$1"/var/cache/debconf/*-old "$1"/var/log/*' \
  "$SUITE" "$DIR/rootfs.tar.tmp" "$SOURCES" </dev/null 2>"$DIR/build.log" \
  || { tail -n 40 "$DIR/build.log" >&2; echo "image: mmdebstrap failed; full log: $DIR/build.log" >&2; exit 1; }
mv "$DIR/rootfs.tar.tmp" "$OUT"
echo "image: base root filesystem built in $((SECONDS - start)) s ($(du -h "$OUT" | cut -f1))" >&2
echo "$OUT"
