package dev.ballast.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which existing PolicyReports Ballast may replace (adopting 0.1's) and delete; everything else is another tool's. */
class ReportOwnershipTest {
    static final String POLICY = "baseline";

    /** A report as Ballast writes it today: the name, the policy label, the manager label and the owner. */
    static GenericKubernetesResourceBuilder ours() {
        return legacy().editMetadata().addToLabels(Annotations.MANAGED_BY_LABEL, "ballast")
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("ballast.dev/v1alpha1")
                        .withKind("StabilityPolicy").withName(POLICY).withUid("u1").build()).endMetadata();
    }

    /** A report as Ballast 0.1 wrote it: no manager label, no owner. */
    static GenericKubernetesResourceBuilder legacy() {
        return new GenericKubernetesResourceBuilder().withApiVersion("wgpolicyk8s.io/v1alpha2").withKind("PolicyReport")
                .withNewMetadata().withName("ballast-" + POLICY).withNamespace("shop")
                .addToLabels(Annotations.POLICY_LABEL, POLICY).endMetadata()
                .addToAdditionalProperties("results", List.of(Map.of("source", "ballast", "rule", "probe-timeout")));
    }

    static Stream<Arguments> reports() {
        return Stream.of(
                row("Ballast's own", ours(), b -> b, true, true),
                row("Ballast's own, owner recreated (new uid)", ours(), b -> b.editMetadata().editFirstOwnerReference()
                        .withUid("u2").endOwnerReference().endMetadata(), true, true),
                row("Ballast 0.1's", legacy(), b -> b, true, false),
                row("another tool's under Ballast's name", legacy(), b -> b.editMetadata().withLabels(Map.of()).endMetadata()
                        .addToAdditionalProperties("results", List.of(Map.of("source", "kyverno"))), false, false),
                row("Ballast's name and label, another source", legacy(), b -> b.addToAdditionalProperties("results",
                        List.of(Map.of("source", "ballast"), Map.of("source", "kyverno"))), false, false),
                row("Ballast's name and label, no results", legacy(), b -> b.addToAdditionalProperties("results", List.of()),
                        false, false),
                row("labelled for the policy under another name", legacy(), b -> b.editMetadata().withName("team-report")
                        .endMetadata(), false, false),
                row("managed by another tool", legacy(), b -> b.editMetadata()
                        .addToLabels(Annotations.MANAGED_BY_LABEL, "kyverno").endMetadata(), false, false),
                row("manager label without the owner", legacy(), b -> b.editMetadata()
                        .addToLabels(Annotations.MANAGED_BY_LABEL, "ballast").endMetadata(), false, false),
                row("owned by another policy", ours(), b -> b.editMetadata().editFirstOwnerReference().withName("other")
                        .endOwnerReference().endMetadata(), false, false),
                row("owned by another kind", ours(), b -> b.editMetadata().editFirstOwnerReference().withKind("ClusterPolicy")
                        .withApiVersion("kyverno.io/v1").endOwnerReference().endMetadata(), false, false));
    }

    static Arguments row(String name, GenericKubernetesResourceBuilder base,
                         UnaryOperator<GenericKubernetesResourceBuilder> change, boolean replaceable, boolean deletable) {
        return Arguments.of(name, change.apply(base).build(), replaceable, deletable);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reports")
    void onlyBallastsReportsAreReplacedOrDeleted(String name, GenericKubernetesResource report, boolean replaceable,
                                                 boolean deletable) {
        assertThat(ReportOwnership.replaceable(report, POLICY)).as("replaceable").isEqualTo(replaceable);
        assertThat(ReportOwnership.owned(report, POLICY)).as("deletable").isEqualTo(deletable);
    }
}
