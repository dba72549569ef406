package dev.ballast.rules.engine;

import dev.ballast.rules.model.PodView;
import dev.ballast.rules.model.Workload;
import java.util.List;

/**
 * The Pods the operator observes for a workload (owned by it and selected by it, see
 * {@link dev.ballast.rules.runtime.PodOwnership}). Only the operator has them, so only there do the Pod-status
 * rules run; implementations must be safe to call from any evaluating thread.
 */
@FunctionalInterface
public interface PodStatuses {
    /** The workload's Pods; empty when it has none. */
    List<PodView> of(Workload workload);
}
