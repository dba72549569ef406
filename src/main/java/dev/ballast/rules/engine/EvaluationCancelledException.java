package dev.ballast.rules.engine;

/** Thrown out of an evaluation whose {@link Cancellation} said stop; carries no result. */
public final class EvaluationCancelledException extends RuntimeException {
    public EvaluationCancelledException() {
        super("evaluation cancelled", null, false, false);
    }
}
