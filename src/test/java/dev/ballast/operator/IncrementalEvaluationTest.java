package dev.ballast.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ballast.api.StabilityPolicy;
import dev.ballast.api.status.StabilityPolicyStatus;
import dev.ballast.config.BallastConfig;
import dev.ballast.config.ControllerConfig;
import dev.ballast.rules.engine.Result;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.FileInputStream;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reconciler with its informers against Fabric8's mock API server (CRUD mode, with watches): one change among
 * many workloads is reflected in every policy's status at the cost of one evaluation per policy, and an HPA change
 * re-evaluates only the workload it targets, a PodDisruptionBudget change only those it selects.
 */
@EnableKubernetesMockClient(crud = true)
class IncrementalEvaluationTest {
    static final int WORKLOADS = 60;
    static final List<String> POLICIES = List.of("probes", "everything");
    static final Duration WAIT = Duration.ofSeconds(60);

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final LatestResults results = new LatestResults();
    KubernetesMockServer server;
    KubernetesClient client;
    Operator operator;

    @BeforeEach
    void start() throws Exception {
        // generous timeouts and retries: the mock server shares two cores with everything else running
        client = new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(new io.fabric8.kubernetes.client.ConfigBuilder(
                client.getConfiguration()).withConnectionTimeout(30_000).withRequestTimeout(30_000)
                .withRequestRetryBackoffLimit(10).build()).build();
        try (var crd = new FileInputStream("crds/stabilitypolicies.ballast.dev-v1.yml")) {
            client.apiextensions().v1().customResourceDefinitions().load(crd).create();
        }
        for (String ns : List.of("shop", "back")) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).addToLabels("team", "t")
                    .endMetadata().build()).create();
        }
        for (int i = 0; i < WORKLOADS; i++) {
            client.resource(deployment(i, 2)).create();
        }
        client.resource(policy("probes", "probes: {}")).create();
        client.resource(policy("everything", "probes: {}\n    resources: {}\n    securityContext: {}\n    autoscaling: {}")).create();

        operator = new Operator(o -> o.withKubernetesClient(client).withCloseClientOnStop(false)
                .withUseSSAToPatchPrimaryResource(false));
        operator.register(new StabilityPolicyReconciler(new Settings(), new Settings(), new BallastMetrics(registry),
                results));
        operator.start();
        await().atMost(WAIT).untilAsserted(() -> POLICIES.forEach(p -> {
            assertThat(status(p)).isNotNull();
            assertThat(status(p).summary()).isNotNull();
            assertThat(status(p).summary().workloads()).isEqualTo(WORKLOADS);
        }));
    }

    @AfterEach
    void stop() {
        if (operator != null) {
            operator.stop();
        }
        client.close();
    }

    @Test
    void oneChangedDeploymentAmongManyIsReflectedAtOneEvaluationPerPolicy() throws Exception {
        double before = settledEvaluations();
        assertThat(before).as("the first evaluation covers every workload under each policy")
                .isGreaterThanOrEqualTo(WORKLOADS * POLICIES.size());
        int violations = status("probes").summary().violations();

        int everything = status("everything").summary().violations();
        client.resource(deployment(7, 30)).update();
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(status("probes").violations()).singleElement().satisfies(v -> {
                assertThat(v.name()).isEqualTo("app-7");
                assertThat(v.rule()).isEqualTo("probe-timeout");
            });
            assertThat(status("probes").summary().violations()).isEqualTo(violations + 1);
            assertThat(status("everything").summary().violations()).isEqualTo(everything + 1);
            assertThat(failing("everything")).contains("app-7/probe-timeout");
        });
        assertThat(settledEvaluations() - before).isBetween(1.0, (double) POLICIES.size());

        client.apps().deployments().inNamespace("shop").withName("app-8").delete();
        await().atMost(WAIT).untilAsserted(() -> POLICIES.forEach(p ->
                assertThat(status(p).summary().workloads()).isEqualTo(WORKLOADS - 1)));
    }

    @Test
    void anHpaChangeReEvaluatesOnlyTheWorkloadItTargets() throws Exception {
        double before = settledEvaluations();
        int probes = status("probes").summary().violations();
        int everything = status("everything").summary().violations();
        client.resource(Serialization.unmarshal("""
                apiVersion: autoscaling/v2
                kind: HorizontalPodAutoscaler
                metadata: {name: app-4, namespace: shop}
                spec:
                  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: app-4}
                  maxReplicas: 5
                  metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 95}}}]
                """, HorizontalPodAutoscaler.class)).create();
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(failing("everything")).contains("app-4/hpa-cpu-target");
            assertThat(status("everything").summary().violations()).isEqualTo(everything + 1);
        });
        assertThat(status("probes").summary().violations()).isEqualTo(probes);
        assertThat(settledEvaluations() - before).isBetween(1.0, (double) POLICIES.size());
    }

    @Test
    void aPdbChangeReEvaluatesOnlyTheWorkloadsItSelectsBeforeAndAfter() throws Exception {
        client.resource(policy("availability", "availability: {minReplicas: 1}")).create();
        List<String> all = List.of("probes", "everything", "availability");
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(status("availability")).isNotNull();
            assertThat(status("availability").summary()).isNotNull();
            assertThat(status("availability").summary().workloads()).isEqualTo(WORKLOADS);
        });
        assertThat(failing("availability")).as("one replica needs no PDB, and none blocks it yet").isEmpty();
        double before = settledEvaluations(all);

        client.resource(pdb("app-4", 1)).create();
        await().atMost(WAIT).untilAsserted(() -> assertThat(failing("availability")).containsExactly("app-4/pdb-blocks-eviction"));
        double created = settledEvaluations(all);
        assertThat(created - before).as("app-4 alone, once per policy, not its namespace's 30 workloads")
                .isBetween(1.0, (double) all.size());

        client.resource(pdb("app-6", 1).edit().editMetadata().withName("app-4").endMetadata().build()).update();
        await().atMost(WAIT).untilAsserted(() -> assertThat(failing("availability")).containsExactly("app-6/pdb-blocks-eviction"));
        assertThat(settledEvaluations(all) - created).as("app-4 (selected before) and app-6 (after), per policy")
                .isBetween(2.0, 2.0 * all.size());
    }

    double settledEvaluations() throws InterruptedException {
        return settledEvaluations(POLICIES);
    }

    double settledEvaluations(List<String> policies) throws InterruptedException {
        double last = -1;
        for (int i = 0; i < 40; i++) {
            double now = policies.stream().map(p -> registry.find(BallastMetrics.EVALUATIONS).tag("policy", p).counter())
                    .filter(Objects::nonNull).mapToDouble(Counter::count).sum();
            if (now == last) {
                return now;
            }
            last = now;
            Thread.sleep(500);
        }
        throw new AssertionError("evaluations kept moving: " + last);
    }

    /** A policy's failing (workload, rule) pairs, from the results the report endpoints serve. */
    List<String> failing(String policy) {
        return results.all().stream().filter(r -> r.name().equals(policy)).flatMap(r -> r.evaluations().stream())
                .flatMap(e -> e.resultsOf(Result.FAIL).stream().map(r -> e.subject().name() + "/" + r.rule().id())).toList();
    }

    StabilityPolicyStatus status(String name) {
        StabilityPolicy p = client.resources(StabilityPolicy.class).withName(name).get();
        return p == null ? null : p.getStatus();
    }

    static Deployment deployment(int i, int timeout) {
        return Serialization.unmarshal("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: app-%d, namespace: %s, labels: {app: app-%d}}
                spec:
                  selector: {matchLabels: {app: app-%d}}
                  template:
                    metadata: {labels: {app: app-%d}}
                    spec:
                      containers:
                      - name: app
                        image: example/app:1
                        readinessProbe: {httpGet: {path: /readyz, port: 8080}, timeoutSeconds: %d, failureThreshold: 5}
                """.formatted(i, i % 2 == 0 ? "shop" : "back", i, i, i, timeout), Deployment.class);
    }

    /** A PodDisruptionBudget named and selecting {@code app: <app>} in that workload's namespace. */
    static PodDisruptionBudget pdb(String app, int minAvailable) {
        return Serialization.unmarshal("""
                apiVersion: policy/v1
                kind: PodDisruptionBudget
                metadata: {name: %s, namespace: %s}
                spec: {selector: {matchLabels: {app: %s}}, minAvailable: %d}
                """.formatted(app, Integer.parseInt(app.substring(4)) % 2 == 0 ? "shop" : "back", app, minAvailable),
                PodDisruptionBudget.class);
    }

    static StabilityPolicy policy(String name, String rules) {
        return Serialization.unmarshal("""
                apiVersion: ballast.dev/v1alpha1
                kind: StabilityPolicy
                metadata: {name: %s}
                spec:
                  match: {namespaceSelector: {matchLabels: {team: t}}}
                  rules:
                    %s
                """.formatted(name, rules), StabilityPolicy.class);
    }

    /** The settings the reconciler reads, at their defaults. */
    static final class Settings implements BallastConfig, ControllerConfig {
        @Override
        public String namespace() {
            return "ballast-system";
        }

        @Override
        public String role() {
            return "controller";
        }

        @Override
        public int statusViolations() {
            return 50;
        }

        @Override
        public int statusRemediations() {
            return 10;
        }

        @Override
        public int policyReportMaxResults() {
            return 500;
        }

        @Override
        public Reports reports() {
            return () -> "wgpolicyk8s";
        }

        @Override
        public LeaderElection leaderElection() {
            return null;
        }
    }
}
