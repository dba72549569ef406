#!/usr/bin/env bash
# Makes `ballast audit` start fast. From a training run (CliTraining: an audit of examples/ in every output format)
# it records, for the JVM that bin/ballast will run the CLI on:
#   target/ballast-cli.classpath  the CLI's class path (every jar of the build, in a fixed order)
#   target/ballast-cli.java       that JVM (the java binary, resolved)
#   target/ballast-cli.jsa        on JDK 17-24: a static AppCDS archive (a static one, because the dynamic archive
#                                 of JDK 17 leaves out picocli: its classes are Java 5 class files)
#   target/ballast-cli.aot        on JDK 25 and later: an AOT cache (JEP 483/514: classes loaded and linked ahead)
# The JVM is BALLAST_JAVA, else $JAVA_HOME/bin/java, else java on the PATH. bin/ballast runs the CLI on the recorded
# JVM and uses the archive only while it is newer than the build; any JVM but the one that made it ignores it
# silently. Run by `make build`.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
APP="$ROOT/target/quarkus-app"
JAVA="${BALLAST_JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}"
JAVA="$(command -v "$JAVA" || true)"
[[ -n "$JAVA" ]] || { echo "cli-archive: no java (set BALLAST_JAVA or JAVA_HOME)" >&2; exit 2; }
JAVA="$(readlink -f "$JAVA")"
[[ -f "$APP/quarkus-run.jar" ]] || { echo "cli-archive: $APP is not built" >&2; exit 2; }

OUT="$ROOT/target/ballast-cli"
LOG="$OUT-archive.log"
rm -f "$OUT.jsa" "$OUT.aot" "$OUT.classpath" "$OUT.java" "$OUT".tmp.*
(cd "$APP" && ls app/*.jar lib/main/*.jar | LC_ALL=C sort | sed "s#^#$APP/#" | paste -sd: -) > "$OUT.tmp.classpath"
CP="$(cat "$OUT.tmp.classpath")"
# the flags bin/ballast runs the CLI with (an archive is made for, and only maps under, the same GC)
FLAGS=(-Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider -Dslf4j.internal.verbosity=ERROR
  -XX:+UseSerialGC -XX:TieredStopAtLevel=1)
FEATURE="$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"

record() {
  if (( ${FEATURE%%.*} >= 25 )); then
    "$JAVA" -XX:AOTCacheOutput="$OUT.tmp.aot" -Xlog:aot=warning -Xlog:cds=warning "${FLAGS[@]}" -cp "$CP" \
      dev.ballast.cli.CliTraining "$ROOT/examples" >/dev/null
    mv "$OUT.tmp.aot" "$OUT.aot"
  else
    "$JAVA" -XX:DumpLoadedClassList="$OUT.tmp.classlist" "${FLAGS[@]}" -cp "$CP" \
      dev.ballast.cli.CliTraining "$ROOT/examples" >/dev/null
    "$JAVA" -Xshare:dump -XX:SharedClassListFile="$OUT.tmp.classlist" -XX:SharedArchiveFile="$OUT.tmp.jsa" \
      "${FLAGS[@]}" -cp "$CP" >/dev/null
    mv "$OUT.tmp.jsa" "$OUT.jsa"
  fi
}
if [[ "$FEATURE" =~ ^[0-9]+$ ]] && record 2>"$LOG"; then
  rm -f "$OUT".tmp.classlist
  mv "$OUT.tmp.classpath" "$OUT.classpath"
  echo "$JAVA" > "$OUT.java"
  echo "cli-archive: $(du -h "$OUT".jsa "$OUT".aot 2>/dev/null | cut -f1) $([[ -f "$OUT.aot" ]] && echo AOT cache \
    || echo class-data archive) for $("$JAVA" -version 2>&1 | head -1) ($JAVA)"
else
  rm -f "$OUT".tmp.*
  echo "cli-archive: no archive for $JAVA (the CLI still works, it starts slower): see $LOG" >&2
fi
