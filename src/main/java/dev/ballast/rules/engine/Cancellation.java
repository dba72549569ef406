package dev.ballast.rules.engine;

/**
 * Lets a caller stop a long evaluation: the {@link Evaluator} asks before every rule and throws
 * {@link EvaluationCancelledException} once the answer is yes (the webhook past its deadline, a closed connection).
 */
@FunctionalInterface
public interface Cancellation {
    Cancellation NONE = () -> false;

    boolean cancelled();

    /** Throws when cancelled; callers with loops of their own use it between steps. */
    default void check() {
        if (cancelled()) {
            throw new EvaluationCancelledException();
        }
    }
}
