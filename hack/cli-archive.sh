#!/usr/bin/env bash
# Makes `ballast audit` start fast: writes the CLI's class path (target/ballast-cli.classpath, only the jars the
# CLI needs are loaded, in a fixed order) and a class-data archive recorded from a training audit of examples/
# (target/ballast-cli.jsa, AppCDS on JDK 17; the JVM that made it is the only one that uses it, any other JVM
# silently starts without it). bin/ballast uses both when they are newer than the build. Run by `make build`.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
APP="$ROOT/target/quarkus-app"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
[[ -f "$APP/quarkus-run.jar" ]] || { echo "cli-archive: $APP is not built" >&2; exit 2; }

CLASSPATH_FILE="$ROOT/target/ballast-cli.classpath"
ARCHIVE="$ROOT/target/ballast-cli.jsa"
rm -f "$ARCHIVE" "$CLASSPATH_FILE"
(cd "$APP" && ls app/*.jar lib/main/*.jar | LC_ALL=C sort | sed "s#^#$APP/#" | paste -sd: -) > "$CLASSPATH_FILE.tmp"

# The training run: every output format over the examples, so the classes the renderers need are archived too.
train() {
  "$JAVA" -XX:ArchiveClassesAtExit="$ARCHIVE.tmp" -Xlog:cds=off -Xlog:cds+dynamic=off \
    -Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider -Dslf4j.internal.verbosity=ERROR \
    -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$(cat "$CLASSPATH_FILE.tmp")" \
    dev.ballast.cli.CliTraining "$ROOT/examples"
}
if train >/dev/null 2>"$ROOT/target/ballast-cli-archive.log"; then
  mv "$ARCHIVE.tmp" "$ARCHIVE"
  mv "$CLASSPATH_FILE.tmp" "$CLASSPATH_FILE"
  echo "cli-archive: $(du -h "$ARCHIVE" | cut -f1) class-data archive for $("$JAVA" -version 2>&1 | head -1)"
else
  rm -f "$ARCHIVE.tmp" "$CLASSPATH_FILE.tmp"
  echo "cli-archive: no class-data archive (the CLI still works, it starts slower): see target/ballast-cli-archive.log" >&2
fi
