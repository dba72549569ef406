package dev.ballast.rules.mtls;

import dev.ballast.rules.model.MtlsMode;
import dev.ballast.rules.model.PeerAuthenticationView;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Computes a workload's effective mTLS mode as Istio does. Scopes, narrowest first: workload (a PeerAuthentication
 * in the workload's namespace whose selector matches the pod labels), namespace (no selector, workload's
 * namespace), mesh (no selector, root namespace; selector policies there are ignored). Within a scope the oldest
 * wins; UNSET inherits from the next wider scope; nothing at all means PERMISSIVE. Port-level modes come from the
 * workload-level policy only, and an UNSET port inherits the workload mode.
 */
public final class MtlsResolver {
    private static final Comparator<PeerAuthenticationView> OLDEST_FIRST =
            Comparator.comparing(PeerAuthenticationView::created).thenComparing(PeerAuthenticationView::name);

    private MtlsResolver() {
    }

    public static EffectiveMtls resolve(String namespace, Map<String, String> podLabels, String rootNamespace,
                                        List<PeerAuthenticationView> inNamespace, List<PeerAuthenticationView> inRoot) {
        Optional<PeerAuthenticationView> mesh = oldest(inRoot, pa -> !pa.hasSelector());
        Optional<PeerAuthenticationView> ns = namespace.equals(rootNamespace) ? Optional.empty()
                : oldest(inNamespace, pa -> !pa.hasSelector());
        Optional<PeerAuthenticationView> workload = namespace.equals(rootNamespace) ? Optional.empty()
                : oldest(inNamespace, pa -> pa.hasSelector() && selects(pa, podLabels));

        StringBuilder decidedBy = new StringBuilder();
        MtlsMode mode = MtlsMode.PERMISSIVE;
        mode = apply(mode, mesh, "mesh", decidedBy);
        mode = apply(mode, ns, "namespace", decidedBy);
        mode = apply(mode, workload, "workload", decidedBy);
        if (decidedBy.length() == 0) {
            decidedBy.append("no PeerAuthentication applies; Istio defaults to PERMISSIVE");
        }

        Map<Integer, MtlsMode> ports = new HashMap<>();
        if (workload.isPresent()) {
            for (Map.Entry<Integer, MtlsMode> e : workload.get().portModes().entrySet()) {
                ports.put(e.getKey(), e.getValue() == MtlsMode.UNSET ? mode : e.getValue());
            }
        }
        return new EffectiveMtls(mode, ports, decidedBy.toString(),
                workload.map(pa -> "from workload PeerAuthentication " + pa.display()).orElse(""));
    }

    private static MtlsMode apply(MtlsMode inherited, Optional<PeerAuthenticationView> policy, String scope,
                                  StringBuilder decidedBy) {
        if (policy.isEmpty() || policy.get().mode() == MtlsMode.UNSET) {
            return inherited;
        }
        decidedBy.setLength(0);
        decidedBy.append("from ").append(scope).append(" PeerAuthentication ").append(policy.get().display());
        return policy.get().mode();
    }

    private static boolean selects(PeerAuthenticationView pa, Map<String, String> podLabels) {
        for (Map.Entry<String, String> e : pa.selector().entrySet()) {
            if (!e.getValue().equals(podLabels.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static Optional<PeerAuthenticationView> oldest(List<PeerAuthenticationView> candidates,
                                                           java.util.function.Predicate<PeerAuthenticationView> in) {
        PeerAuthenticationView best = null;
        for (PeerAuthenticationView pa : candidates) {
            if (in.test(pa) && (best == null || OLDEST_FIRST.compare(pa, best) < 0)) {
                best = pa;
            }
        }
        return Optional.ofNullable(best);
    }
}
