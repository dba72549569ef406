package dev.ballast.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.ballast.api.spec.StabilityPolicySpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SpecBinderTest {
    private static final ObjectMapper JACKSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final YAMLMapper YAML = new YAMLMapper();

    /** A spec using every field of every record, every enum and both selector forms. */
    private static final String EVERY_FIELD = """
            mode: Enforce
            match:
              kinds: [Deployment, StatefulSet, DaemonSet]
              namespaceSelector:
                matchLabels: {env: prod}
                matchExpressions: [{key: tier, operator: In, values: [web, api]}, {key: x, operator: Exists}]
              excludeNamespaces: [kube-system]
              workloadSelector: {matchExpressions: [{key: app, operator: NotIn, values: [shop]}]}
            rules:
              probes:
                readiness: {required: true, allowedPaths: [/readyz], maxTimeoutSeconds: 10, minFailureThreshold: 5}
                liveness: {required: false, maxTimeoutSeconds: 30}
              resources: {memoryLimitRequired: true, memoryLimitEqualsRequest: true, cpuRequestRequired: true}
              securityContext:
                runAsNonRoot: true
                allowPrivilegeEscalation: false
                privileged: false
                hostNamespaces: false
                dropAllCapabilities: true
                allowedCapabilities: [NET_BIND_SERVICE]
                seccompProfile: RuntimeDefault
                allowedVolumeTypes: [configMap, secret]
                readOnlyRootFilesystem: true
              mtls: {mode: STRICT, rootNamespace: istio-system, requireSidecar: true}
              autoscaling: {maxTargetCPUUtilization: 60, remediate: true}
              gitops: {allowedManagers: [argocd-controller]}
              availability: {minReplicas: 2, requirePodDisruptionBudget: true, requireSpread: true}
              images: {}
              runtime: {requireCrashMessages: true, maxRestarts: 3, window: 1h}
              apis: {targetVersion: "1.34"}
            exemptions:
              - {namespaces: [legacy], names: [old], rules: [probe-timeout, hpa-cpu-target], reason: migrating}
            annotationExemptions: Deny
            allowExceptions: true
            mutate: false
            """;

    static Stream<Arguments> specs() throws Exception {
        Stream.Builder<Arguments> specs = Stream.builder();
        specs.add(Arguments.of("every field", YAML.readTree(EVERY_FIELD)));
        specs.add(Arguments.of("whole numbers written as decimals", YAML.readTree(
                "rules: {probes: {readiness: {maxTimeoutSeconds: 10.0, minFailureThreshold: 5.00}}}")));
        for (Path file : new Path[] {Path.of("examples/policies/baseline.yaml"),
                Path.of("examples/policies/production-enforce.yaml")}) {
            for (JsonNode document : YAML.readerFor(JsonNode.class).<JsonNode>readValues(Files.readString(file)).readAll()) {
                specs.add(Arguments.of(file.toString(), document.get("spec")));
            }
        }
        return specs.build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void bindsWhatJacksonBinds(String source, JsonNode spec) throws Exception {
        StabilityPolicySpec expected = JACKSON.treeToValue(spec, StabilityPolicySpec.class);

        StabilityPolicySpec bound = SpecBinder.bind(spec, StabilityPolicySpec.class, "spec");

        assertThat(bound).isEqualTo(expected);
        assertThat(bound.rules()).isNotNull();
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("rules: {probes: {readness: {}}}", "spec.rules.probes.readness",
                        "unknown field \"readness\" in spec.rules.probes (known: liveness, readiness)"),
                Arguments.of("rules: {autoscaling: {maxTargetCPUUtilization: \"60\"}}", "spec.rules.autoscaling.maxTargetCPUUtilization",
                        "spec.rules.autoscaling.maxTargetCPUUtilization: invalid value \"60\", expected an integer"),
                Arguments.of("rules: {autoscaling: {maxTargetCPUUtilization: 60.5}}", "spec.rules.autoscaling.maxTargetCPUUtilization",
                        "spec.rules.autoscaling.maxTargetCPUUtilization: invalid value 60.5, expected an integer"),
                Arguments.of("rules: {autoscaling: {maxTargetCPUUtilization: 9999999999}}", "spec.rules.autoscaling.maxTargetCPUUtilization",
                        "spec.rules.autoscaling.maxTargetCPUUtilization: invalid value 9999999999, expected an integer"),
                Arguments.of("rules: {autoscaling: {remediate: \"yes\"}}", "spec.rules.autoscaling.remediate",
                        "spec.rules.autoscaling.remediate: invalid value \"yes\", expected true or false"),
                Arguments.of("rules: [probes]", "spec.rules", "spec.rules: invalid value (a list), expected a mapping"),
                Arguments.of("rules: {probes: {}}\nmode: 1", "spec.mode",
                        "spec.mode: invalid value 1, must be one of Audit, Warn, Enforce"),
                Arguments.of("rules: {gitops: {allowedManagers: argocd}}", "spec.rules.gitops.allowedManagers",
                        "spec.rules.gitops.allowedManagers: invalid value \"argocd\", expected a list"),
                Arguments.of("rules: {gitops: {allowedManagers: [argocd, null]}}", "spec.rules.gitops.allowedManagers[1]",
                        "spec.rules.gitops.allowedManagers[1]: null is not allowed in a list"),
                Arguments.of("rules: {gitops: {allowedManagers: [7]}}", "spec.rules.gitops.allowedManagers[0]",
                        "spec.rules.gitops.allowedManagers[0]: invalid value 7, expected a string"),
                Arguments.of("rules: {probes: {}}\nexemptions: [{rules: [no-such-rule], reason: x}]", "spec.exemptions[0].rules[0]",
                        "spec.exemptions[0].rules[0]: invalid value \"no-such-rule\", must be one of probe-readiness-missing, "),
                Arguments.of("rules: {probes: {}}\nmatch: {namespaceSelector: {matchLabel: {a: b}}}", "spec.match.namespaceSelector.matchLabel",
                        "unknown field \"matchLabel\" in spec.match.namespaceSelector (known: matchExpressions, matchLabels)"),
                Arguments.of("rules: {probes: {}}\nmatch: {workloadSelector: {matchLabels: {a: 1}}}", "spec.match.workloadSelector.matchLabels.a",
                        "spec.match.workloadSelector.matchLabels.a: invalid value 1, expected a string"),
                Arguments.of("rules: {probes: {}}\nmatch: {namespaceSelector: {matchExpressions: [{key: a, operator: In, values: [1]}]}}",
                        "spec.match.namespaceSelector.matchExpressions[0].values[0]",
                        "spec.match.namespaceSelector.matchExpressions[0].values[0]: invalid value 1, expected a string"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("invalid")
    void aValueThatDoesNotFitNamesItsPath(String yaml, String path, String message) throws Exception {
        JsonNode spec = YAML.readTree(yaml);

        assertThatThrownBy(() -> SpecBinder.bind(spec, StabilityPolicySpec.class, "spec"))
                .isInstanceOfSatisfying(SpecBinder.Invalid.class, e -> {
                    assertThat(e.path).isEqualTo(path);
                    assertThat(e.getMessage()).startsWith(message);
                });
    }
}
