package dev.ballast.rules.model;

/**
 * The Go runtime fatal errors Ballast recognises in a termination message, each with the line the runtime prints
 * (go1.26 {@code internal/runtime/maps}, {@code proc.go checkdead}, {@code stack.go newstack}, {@code mem_linux.go
 * sysMap}, {@code mcache.go allocLarge}, {@code map.go errNilAssign}). Fatal errors skip every deferred
 * {@code recover()}: the process dies, whatever the service's own error handling.
 */
public enum GoFatalError {
    CONCURRENT_MAP_WRITES("fatal error: concurrent map writes"),
    CONCURRENT_MAP_READ_AND_WRITE("fatal error: concurrent map read and map write"),
    CONCURRENT_MAP_ITERATION_AND_WRITE("fatal error: concurrent map iteration and map write"),
    DEADLOCK("fatal error: all goroutines are asleep - deadlock!"),
    /** {@code throw("runtime: out of memory")}: mmap of heap arena pages failed with ENOMEM. */
    RUNTIME_OUT_OF_MEMORY("fatal error: runtime: out of memory"),
    /** {@code throw("out of memory")}: a heap allocation failed; what go1.26 prints when address space runs out. */
    OUT_OF_MEMORY("fatal error: out of memory"),
    STACK_OVERFLOW("fatal error: stack overflow"),
    NIL_MAP_ASSIGNMENT("panic: assignment to entry in nil map");

    private final String line;

    GoFatalError(String line) {
        this.line = line;
    }

    /** The line exactly as the runtime prints it. */
    public String line() {
        return line;
    }
}
