package dev.ballast.bench;

/** How every `make bench` main ends: explicitly, so client or server threads a run leaves cannot keep it waiting. */
public final class BenchMain {
    public interface Body {
        void run(String[] args) throws Exception;
    }

    private BenchMain() {
    }

    public static void run(String[] args, Body body) {
        try {
            body.run(args);
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }
}
