package dev.ballast.rules.model;

/**
 * An HPA or PodDisruptionBudget judged on its own by the API version it was written in (api-deprecated), where that
 * version is known: {@code ballast audit}'s manifests and admission. Selected by its namespace; its exemptions are
 * those of the object it stands for.
 */
public record VersionedObject(String kind, String apiVersion, String namespace, String name, String exemptionName,
                              SourceRef source) implements Subject {
    public static VersionedObject of(HpaView hpa) {
        return new VersionedObject(HpaView.KIND, hpa.apiVersion(), hpa.namespace(), hpa.name(), hpa.exemptionName(),
                hpa.source());
    }

    public static VersionedObject of(PodDisruptionBudgetView pdb) {
        return new VersionedObject(PodDisruptionBudgetView.KIND, pdb.apiVersion(), pdb.namespace(), pdb.name(),
                pdb.exemptionName(), pdb.source());
    }

    /** The same object, written in {@code apiVersion} (at admission: the request's, before any conversion). */
    public VersionedObject writtenIn(String apiVersion) {
        return new VersionedObject(kind, apiVersion, namespace, name, exemptionName, source);
    }

    @Override
    public ResourceRef ref() {
        return new ResourceRef(kind, namespace, name, source);
    }
}
