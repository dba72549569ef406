package dev.ballast.rules.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.rules.catalog.RuleId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a builder leaves at its defaults, and that a copy changes only what its setters name. */
class PolicyBuilderTest {

    @Test
    void aNewBuilderHasNoGroupsTheDefaultMatchAndTheModesAnnotationTrust() {
        Policy bare = Policy.builder("bare", Mode.Enforce).build();
        assertThat(bare).isEqualTo(new Policy("bare", Mode.Enforce, Match.defaults(), null, null, null, null, null, null,
                null, null, List.of(), AnnotationExemptions.Deny, false, null, false, null));
        assertThat(Policy.builder("bare", Mode.Enforce).mode(Mode.Warn).build().annotationExemptions())
                .as("an unset trust is resolved for the mode at build()").isEqualTo(AnnotationExemptions.Allow);
    }

    @Test
    void aCopyIsEqualAndChangesOnlyWhatItsSettersName() {
        Policy full = everyComponentSet();
        assertThat(full.toBuilder().build()).isEqualTo(full);
        Policy renamed = full.toBuilder().name("other").runtime(null).mutate(false).build();
        assertThat(renamed).isEqualTo(new Policy("other", full.mode(), full.match(), full.probes(), full.resources(),
                full.securityContext(), full.mtls(), full.autoscaling(), full.gitops(), full.availability(), full.images(),
                full.exemptions(), full.annotationExemptions(), full.allowExceptions(), null, false, full.apis()));
    }

    @Test
    void aCopyWithAnotherModeKeepsTheResolvedAnnotationTrust() {
        Policy enforce = Policy.builder("prod", Mode.Enforce).build();
        assertThat(enforce.toBuilder().mode(Mode.Audit).build().annotationExemptions()).isEqualTo(AnnotationExemptions.Deny);
        assertThat(enforce.toBuilder().mode(Mode.Audit).annotationExemptions(null).build().annotationExemptions())
                .isEqualTo(AnnotationExemptions.Allow);
    }

    @Test
    void theBuiltPolicyDoesNotShareTheCallersExemptionList() {
        List<Exemption> exemptions = new ArrayList<>(List.of(new Exemption(Set.of("shop"), List.of(), Set.of(), "x")));
        Policy.Builder builder = Policy.builder("p", Mode.Audit).exemptions(exemptions);
        Policy built = builder.build();
        exemptions.clear();
        assertThat(built.exemptions()).hasSize(1);
        assertThat(builder.build().exemptions()).isEmpty();
    }

    private static Policy everyComponentSet() {
        return Policy.builder("full", Mode.Enforce)
                .match(new Match(Set.of("Deployment", "StatefulSet"), LabelSelector.EVERYTHING, Set.of(), LabelSelector.EVERYTHING))
                .probes(ProbeSettings.defaults()).resources(ResourceSettings.defaults())
                .securityContext(SecuritySettings.defaults()).mtls(MtlsSettings.defaults())
                .autoscaling(AutoscalingSettings.defaults()).gitops(GitopsSettings.defaults())
                .availability(AvailabilitySettings.defaults()).images(new ImageSettings())
                .exemptions(List.of(new Exemption(Set.of(), List.of("web-*"), Set.of(RuleId.values()[0]), "legacy")))
                .annotationExemptions(AnnotationExemptions.Allow).allowExceptions(true)
                .runtime(new RuntimeSettings(false, 3, Duration.ofHours(1))).mutate(true).apis(ApiSettings.defaults())
                .build();
    }
}
