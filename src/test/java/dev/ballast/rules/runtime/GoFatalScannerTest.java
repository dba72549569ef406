package dev.ballast.rules.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.rules.model.GoFatal;
import dev.ballast.rules.model.GoFatalError;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Real go1.26.8 crash output (src/test/resources/runtime/go/README.md says how each was made). */
class GoFatalScannerTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            concurrent-map-writes.txt          | CONCURRENT_MAP_WRITES              | fatal error: concurrent map writes                  | goroutine 7 [running]: main.main.func1() /tmp/rt-go/cmw.go:3
            concurrent-map-read-write.txt      | CONCURRENT_MAP_READ_AND_WRITE      | fatal error: concurrent map read and map write      | goroutine 7 [running]: main.main.func2() /tmp/rt-go/crw.go:3
            concurrent-map-iteration-write.txt | CONCURRENT_MAP_ITERATION_AND_WRITE | fatal error: concurrent map iteration and map write | goroutine 7 [running]: main.main.func2() /tmp/rt-go/ciw.go:3
            nil-map.txt                        | NIL_MAP_ASSIGNMENT                 | panic: assignment to entry in nil map               | goroutine 1 [running]: main.main() /tmp/rt-go/nm.go:2
            stack-overflow-head.txt            | STACK_OVERFLOW                     | fatal error: stack overflow                         | goroutine 1 [running]: main.f(0x6bca0d?) /tmp/rt-go/so.go:2
            out-of-memory-head.txt             | OUT_OF_MEMORY                      | fatal error: out of memory                          | goroutine 1 [running]: main.main() /tmp/rt-go/oom.go:2
            """)
    void findsTheFatalLineAndTheFirstRunningFrameOutsideTheRuntime(String file, GoFatalError error, String line,
                                                                     String frame) {
        GoFatal fatal = GoFatalScanner.scan(fixture(file)).orElseThrow();

        assertThat(fatal.error()).isEqualTo(error);
        assertThat(fatal.line()).isEqualTo(line);
        assertThat(fatal.frame()).isEqualTo(frame);
    }

    @Test
    void deadlockHasNoRunningGoroutineSoNoFrame() {
        GoFatal fatal = GoFatalScanner.scan(fixture("deadlock.txt")).orElseThrow();

        assertThat(fatal.error()).isEqualTo(GoFatalError.DEADLOCK);
        assertThat(fatal.line()).isEqualTo("fatal error: all goroutines are asleep - deadlock!");
        assertThat(fatal.frame()).isNull();
    }

    @Test
    void runtimeOutOfMemoryFromSysMap() {
        // mem_linux.go sysMap: throw("runtime: out of memory") when mmap fails with ENOMEM; printed as throw() does.
        String message = """
                fatal error: runtime: out of memory

                runtime stack:
                runtime.throw({0x4a4dd2?, 0x2000?})
                \t/usr/local/go/src/runtime/panic.go:1229 +0x48 fp=0x7ffd8c1e9b10 sp=0x7ffd8c1e9ae0 pc=0x472188
                runtime.sysMapOS(0xc000400000, 0x4000000)
                \t/usr/local/go/src/runtime/mem_linux.go:175 +0x11b fp=0x7ffd8c1e9b58 sp=0x7ffd8c1e9b10 pc=0x41a3db

                goroutine 1 gp=0xc000002380 m=0 mp=0x5256a0 [running]:
                runtime.systemstack_switch()
                \t/usr/local/go/src/runtime/asm_amd64.s:479 fp=0xc000049d20 sp=0xc000049d18 pc=0x475ca0
                main.load(...)
                \t/src/cache/load.go:88
                """;

        GoFatal fatal = GoFatalScanner.scan(message).orElseThrow();

        assertThat(fatal.error()).isEqualTo(GoFatalError.RUNTIME_OUT_OF_MEMORY);
        assertThat(fatal.line()).isEqualTo("fatal error: runtime: out of memory");
        assertThat(fatal.frame()).isEqualTo("goroutine 1 [running]: main.load(...) /src/cache/load.go:88");
    }

    @Test
    void stackOverflowIsFoundAfterTheRuntimeLimitLine() {
        String head = fixture("stack-overflow-head.txt");

        assertThat(head).startsWith("runtime: goroutine stack exceeds 1000000000-byte limit\n");
        assertThat(GoFatalScanner.scan(head)).map(GoFatal::error).contains(GoFatalError.STACK_OVERFLOW);
    }

    @Test
    void fallbackToLogsTailWithoutTheFatalLineFindsNothing() {
        // FallbackToLogsOnError keeps the last 2 KiB: a deep stack trace pushes the fatal line out.
        assertThat(GoFatalScanner.scan(fixture("stack-overflow-tail.txt"))).isEmpty();
    }

    @Test
    void messageCutInsideTheFatalLineFindsNothing() {
        assertThat(GoFatalScanner.scan("ror: concurrent map writes\n\ngoroutine 7 [running]:")).isEmpty();
        assertThat(GoFatalScanner.scan("fatal error: concurrent map wri")).isEmpty();
    }

    @Test
    void messageCutBeforeTheGoroutineHeaderQuotesTheLineOnly() {
        GoFatal fatal = GoFatalScanner.scan("fatal error: concurrent map writes\n\ngorout").orElseThrow();

        assertThat(fatal.line()).isEqualTo("fatal error: concurrent map writes");
        assertThat(fatal.frame()).isNull();
    }

    @Test
    void messageCutAfterTheHeaderQuotesTheHeader() {
        GoFatal fatal = GoFatalScanner.scan("fatal error: concurrent map writes\n\ngoroutine 12 [running]:\n")
                .orElseThrow();

        assertThat(fatal.frame()).isEqualTo("goroutine 12 [running]:");
    }

    @Test
    void onlyRuntimeFramesQuoteTheFirstOne() {
        GoFatal fatal = GoFatalScanner.scan("""
                fatal error: concurrent map writes

                goroutine 3 [running]:
                internal/runtime/maps.fatal({0x4a4440?, 0x0?})
                \t/usr/local/go/src/runtime/panic.go:1181 +0x18
                """).orElseThrow();

        assertThat(fatal.frame()).isEqualTo(
                "goroutine 3 [running]: internal/runtime/maps.fatal({0x4a4440?, 0x0?}) /usr/local/go/src/runtime/panic.go:1181");
    }

    @Test
    void logLinesBeforeTheCrashAndCarriageReturnsAreTolerated() {
        String message = "2026-11-29T21:00:00Z INFO serving on :8080\r\n"
                + "2026-11-29T21:00:01Z WARN slow request\r\n"
                + "fatal error: concurrent map read and map write\r\n\r\n"
                + "goroutine 44 [running]:\r\n"
                + "main.(*Cache).Get(...)\r\n\t/app/cache.go:31 +0x5b\r\n";

        GoFatal fatal = GoFatalScanner.scan(message).orElseThrow();

        assertThat(fatal.error()).isEqualTo(GoFatalError.CONCURRENT_MAP_READ_AND_WRITE);
        assertThat(fatal.frame()).isEqualTo("goroutine 44 [running]: main.(*Cache).Get(...) /app/cache.go:31");
    }

    @Test
    void repanickedNilMapPanicStillMatches() {
        assertThat(GoFatalScanner.scan("panic: assignment to entry in nil map [recovered]\n"))
                .map(GoFatal::error).contains(GoFatalError.NIL_MAP_ASSIGNMENT);
    }

    @Test
    void similarButDifferentLinesDoNotMatch() {
        assertThat(GoFatalScanner.scan("""
                panic: runtime error: invalid memory address or nil pointer dereference
                fatal error: concurrent map writesX
                log: fatal error: concurrent map writes happened yesterday
                fatal error: concurrent map clone and map write
                """)).isEmpty();
        assertThat(GoFatalScanner.scan(null)).isEmpty();
        assertThat(GoFatalScanner.scan("")).isEmpty();
    }

    @Test
    void firstFatalErrorWinsWhenSeveralContainersWroteToOneLog() {
        GoFatal fatal = GoFatalScanner.scan(fixture("nil-map.txt") + fixture("concurrent-map-writes.txt"))
                .orElseThrow();

        assertThat(fatal.error()).isEqualTo(GoFatalError.NIL_MAP_ASSIGNMENT);
    }

    @Test
    void hostileMessagesAreReadOnlyUpToTheScanBound() {
        String padding = "x".repeat(GoFatalScanner.MAX_SCAN_CHARS);
        assertThat(GoFatalScanner.scan(padding + "\nfatal error: concurrent map writes\n")).isEmpty();

        String noNewlines = "a".repeat(5_000_000) + "fatal error: concurrent map writes";
        assertThat(GoFatalScanner.scan(noNewlines)).isEmpty();

        String manyLines = "\n".repeat(GoFatalScanner.MAX_SCAN_CHARS - 40) + "fatal error: concurrent map writes\n";
        assertThat(GoFatalScanner.scan(manyLines)).isPresent();
    }

    @Test
    void quotesAreBoundedAndCarryNoControlCharacters() {
        String hugeFrame = "main.handler(" + "\u001b[31m".repeat(500) + ")";
        GoFatal fatal = GoFatalScanner.scan("fatal error: stack overflow \u0007" + "y".repeat(10_000)
                + "\ngoroutine 1 [running]:\n" + hugeFrame + "\n\t/app/h.go:1\n").orElseThrow();

        assertThat(fatal.line()).hasSizeLessThanOrEqualTo(GoFatalScanner.MAX_QUOTE_CHARS + 1)
                .startsWith("fatal error: stack overflow ").doesNotContain("\u0007");
        assertThat(fatal.frame()).hasSizeLessThanOrEqualTo(GoFatalScanner.MAX_QUOTE_CHARS + 1)
                .startsWith("goroutine 1 [running]: main.handler(").doesNotContain("\u001b").endsWith("…");
    }

    @Test
    void runningHeaderForms() {
        assertThat(GoFatalScanner.runningHeader("goroutine 7 [running]:")).isEqualTo("goroutine 7 [running]:");
        assertThat(GoFatalScanner.runningHeader("goroutine 1 gp=0x1f06da87c1e0 m=3 mp=0x1f06da8b5008 [running]:"))
                .isEqualTo("goroutine 1 [running]:");
        assertThat(GoFatalScanner.runningHeader("goroutine 9 [running, locked to thread]:"))
                .isEqualTo("goroutine 9 [running, locked to thread]:");
        assertThat(GoFatalScanner.runningHeader("goroutine 1 [chan receive]:")).isNull();
        assertThat(GoFatalScanner.runningHeader("goroutine x [running]:")).isNull();
        assertThat(GoFatalScanner.runningHeader("goroutine 1 [running]")).isNull();
    }

    private static String fixture(String name) {
        try (InputStream in = GoFatalScannerTest.class.getResourceAsStream("/runtime/go/" + name)) {
            return new String(Optional.ofNullable(in).orElseThrow().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
