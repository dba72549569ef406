package dev.ballast.admission;

import static dev.ballast.admission.AdmissionHandlerTest.NOW;
import static dev.ballast.admission.AdmissionHandlerTest.request;
import static dev.ballast.admission.AdmissionHandlerTest.snapshot;
import static dev.ballast.admission.AdmissionHandlerTest.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.rules.WorkloadFixture;
import dev.ballast.rules.apis.KubeVersion;
import dev.ballast.rules.policy.ApiSettings;
import dev.ballast.rules.policy.Mode;
import dev.ballast.rules.policy.Policy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * api-deprecated at admission: judged on the version the request was made in ({@code requestKind}; kube-apiserver
 * has already converted the object to the version the webhook registered for), never on the stored old object.
 */
class AdmissionApiVersionTest {
    final AdmissionHandler handler = new AdmissionHandler(null, new SimpleMeterRegistry());

    static Policy apis(Mode mode, String target) {
        return AdmissionHandlerTest.enforce(false, List.of()).toBuilder().mode(mode)
                .apis(new ApiSettings(KubeVersion.parse(target))).build();
    }

    /** The compliant Deployment, converted to apps/v1, requested in {@code group/version}. */
    static JsonNode deployment(String operation, String requestVersion, boolean withOld) {
        JsonNode object = WorkloadFixture.compliant().json();
        ObjectNode request = (ObjectNode) request(operation, "Deployment", object, withOld ? object : null, "kubectl-client-side-apply");
        ((ObjectNode) request.get("kind")).put("group", "apps").put("version", "v1");
        if (requestVersion != null) {
            String[] gv = requestVersion.split("/");
            request.putObject("requestKind").put("group", gv[0]).put("version", gv[1]).put("kind", "Deployment");
        }
        return request;
    }

    @Test
    void aWorkloadRequestedInARemovedVersionIsDeniedInEnforce() {
        var d = handler.decide(deployment("CREATE", "apps/v1beta2", false), snapshot(apis(Mode.Enforce, "1.34")), NOW);
        assertThat(d.allowed()).isFalse();
        assertThat(d.message()).contains("prod/api-deprecated: apps/v1beta2 Deployment was removed in Kubernetes 1.16 "
                + "(target 1.34): use apps/v1");
    }

    @Test
    void aDeprecatedButServedVersionIsAWarningUnderWarn() {
        var d = handler.decide(deployment("CREATE", "apps/v1beta2", false), snapshot(apis(Mode.Warn, "1.12")), NOW);
        assertThat(d.allowed()).isTrue();
        assertThat(d.warnings()).singleElement().asString().startsWith("prod/api-deprecated: apps/v1beta2 Deployment "
                + "is deprecated since Kubernetes 1.9 and removed in 1.16 (target 1.12)");
    }

    @Test
    void theVersionIsTheRequestsNotTheConvertedObjects() {
        var snapshot = snapshot(apis(Mode.Enforce, "1.34"));
        assertThat(handler.decide(deployment("CREATE", "apps/v1", false), snapshot, NOW).allowed()).isTrue();
        // no requestKind: the request's kind (apps/v1 here) is the version written
        assertThat(handler.decide(deployment("CREATE", null, false), snapshot, NOW).allowed()).isTrue();
        assertThat(AdmissionHandler.writtenVersion(yaml("{kind: {group: '', version: v1, kind: ConfigMap}}"),
                yaml("{apiVersion: v1}"))).isEqualTo("v1");
        assertThat(AdmissionHandler.writtenVersion(yaml("{}"), yaml("{apiVersion: apps/v1beta1}"))).isEqualTo("apps/v1beta1");
    }

    @Test
    void anUpdateInARemovedVersionIsNewEvenWhenTheStoredObjectWasCompliant() {
        var d = handler.decide(deployment("UPDATE", "extensions/v1beta1", true), snapshot(apis(Mode.Enforce, "1.34")), NOW);
        assertThat(d.allowed()).isFalse();
        assertThat(d.message()).contains("api-deprecated: extensions/v1beta1 Deployment was removed");
    }

    @Test
    void anHpaAndAPodDisruptionBudgetAreJudgedAsObjectsOfTheirOwn() {
        ObjectNode hpa = (ObjectNode) request("CREATE", "HorizontalPodAutoscaler", yaml("""
                apiVersion: autoscaling/v2
                kind: HorizontalPodAutoscaler
                metadata: {name: web}
                spec:
                  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
                  minReplicas: 2
                  maxReplicas: 5
                  metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}}]
                """), null, "kubectl-create");
        hpa.putObject("requestKind").put("group", "autoscaling").put("version", "v2beta2").put("kind", "HorizontalPodAutoscaler");
        var d = handler.decide(hpa, snapshot(apis(Mode.Enforce, "1.34")), NOW);
        assertThat(d.allowed()).isFalse();
        assertThat(d.message()).contains("1 violation").contains("api-deprecated: autoscaling/v2beta2 "
                + "HorizontalPodAutoscaler was removed in Kubernetes 1.26 (target 1.34): use autoscaling/v2");

        ObjectNode pdb = (ObjectNode) request("CREATE", "PodDisruptionBudget", yaml("""
                apiVersion: policy/v1
                kind: PodDisruptionBudget
                metadata: {name: web}
                spec: {selector: {matchLabels: {app: web}}, maxUnavailable: 1}
                """), null, "kubectl-create");
        pdb.putObject("requestKind").put("group", "policy").put("version", "v1beta1").put("kind", "PodDisruptionBudget");
        var warned = handler.decide(pdb, snapshot(apis(Mode.Warn, "1.22")), NOW);
        assertThat(warned.allowed()).isTrue();
        assertThat(warned.warnings()).singleElement().asString().contains("api-deprecated: policy/v1beta1 "
                + "PodDisruptionBudget is deprecated since Kubernetes 1.21 and removed in 1.25 (target 1.22)");
    }

    @Test
    void offWithoutTheApisGroup() {
        var d = handler.decide(deployment("CREATE", "apps/v1beta1", false),
                snapshot(AdmissionHandlerTest.enforce(false, List.of())), NOW);
        assertThat(d.allowed()).isTrue();
        assertThat(d.warnings()).isEmpty();
    }
}
