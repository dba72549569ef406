package dev.ballast.api.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.ballast.rules.apis.ApiLifecycleTable;
import io.fabric8.generator.annotation.ValidationRule;

@ValidationRule(value = "has(self.probes) || has(self.resources) || has(self.securityContext) || has(self.mtls) "
        + "|| has(self.autoscaling) || has(self.gitops) || has(self.availability) || has(self.images) "
        + "|| has(self.runtime) || has(self.apis)", message = "set at least one rule group: probes, resources, "
        + "securityContext, mtls, autoscaling, gitops, availability, images, runtime or apis")
public record RulesSpec(
        @JsonPropertyDescription("Readiness and liveness probes: presence, allowed paths, timeouts, failure threshold.")
        ProbesSpec probes,
        @JsonPropertyDescription("Memory limits: required, and equal to the request so the pod is never OOM-killed "
                + "for using what it asked for.")
        ResourcesSpec resources,
        @JsonPropertyDescription("A restricted, non-root security context for every container (init and ephemeral "
                + "included).")
        SecurityContextSpec securityContext,
        @JsonPropertyDescription("Istio mutual TLS: STRICT effective mode on every port, and a sidecar or ambient mode.")
        MtlsSpec mtls,
        @JsonPropertyDescription("HorizontalPodAutoscaler CPU targets low enough to scale before saturation, and "
                + "optional repair.")
        AutoscalingSpec autoscaling,
        @JsonPropertyDescription("ConfigMaps and Secrets changed only by GitOps controllers.")
        GitopsSpec gitops,
        @JsonPropertyDescription("Replicas, PodDisruptionBudgets and topology spread for Deployments and StatefulSets.")
        AvailabilitySpec availability,
        @JsonPropertyDescription("Images pinned by digest or a release tag, never latest (image-tag-mutable). "
                + "images: {} turns it on.")
        ImagesSpec images,
        @JsonPropertyDescription("Crash visibility and, in the operator, Pod status: crash loops, OOM kills and Go "
                + "runtime fatal errors within a window.")
        RuntimeSpec runtime,
        @JsonPropertyDescription("API versions Kubernetes deprecated or removed (api-deprecated), judged on the "
                + "apiVersion an object is written in: by ballast audit and at admission, not by the operator. "
                + "apis: {} judges against the version Ballast is built against, " + ApiLifecycleTable.BUILT_AGAINST_VERSION + ".")
        ApisSpec apis) {
}
