package dev.ballast.rules.catalog;

import static dev.ballast.rules.catalog.Group.APIS;
import static dev.ballast.rules.catalog.Group.AUTOSCALING;
import static dev.ballast.rules.catalog.Group.AVAILABILITY;
import static dev.ballast.rules.catalog.Group.GITOPS;
import static dev.ballast.rules.catalog.Group.IMAGES;
import static dev.ballast.rules.catalog.Group.MTLS;
import static dev.ballast.rules.catalog.Group.PROBES;
import static dev.ballast.rules.catalog.Group.RESOURCES;
import static dev.ballast.rules.catalog.Group.RUNTIME;
import static dev.ballast.rules.catalog.Group.SECURITY_CONTEXT;
import static dev.ballast.rules.catalog.Severity.CRITICAL;
import static dev.ballast.rules.catalog.Severity.HIGH;
import static dev.ballast.rules.catalog.Severity.LOW;
import static dev.ballast.rules.catalog.Severity.MEDIUM;
import static dev.ballast.rules.catalog.Target.CONFIG;
import static dev.ballast.rules.catalog.Target.MANIFEST;
import static dev.ballast.rules.catalog.Target.PEER_AUTHENTICATION;
import static dev.ballast.rules.catalog.Target.WORKLOAD;
import static dev.ballast.rules.catalog.Target.WORKLOAD_CHANGE;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The rule catalogue: every rule's stable ID, group, default severity, target, title and remedy, declared once.
 * CLI, webhook, PolicyReports, SARIF and the HTML report all read their metadata from here.
 */
public enum RuleId {
    @JsonProperty("probe-readiness-missing")
    PROBE_READINESS_MISSING(PROBES, HIGH, WORKLOAD, "Container has no readiness probe",
            "Add a readinessProbe (httpGet on an allowed path) to the container"),
    @JsonProperty("probe-readiness-path")
    PROBE_READINESS_PATH(PROBES, MEDIUM, WORKLOAD, "Readiness probe path is not an allowed path",
            "Point readinessProbe.httpGet.path at one of the policy's allowed paths"),
    @JsonProperty("probe-timeout")
    PROBE_TIMEOUT(PROBES, MEDIUM, WORKLOAD, "Probe timeout above the policy maximum",
            "Lower the probe's timeoutSeconds to the policy maximum or less"),
    @JsonProperty("probe-failure-threshold")
    PROBE_FAILURE_THRESHOLD(PROBES, MEDIUM, WORKLOAD, "Readiness failure threshold below the policy minimum",
            "Raise readinessProbe.failureThreshold to the policy minimum or more"),
    @JsonProperty("probe-liveness-missing")
    PROBE_LIVENESS_MISSING(PROBES, MEDIUM, WORKLOAD, "Container has no liveness probe",
            "Add a livenessProbe to the container"),
    @JsonProperty("memory-limit-missing")
    MEMORY_LIMIT_MISSING(RESOURCES, HIGH, WORKLOAD, "Container has no memory limit",
            "Set resources.limits.memory (equal to resources.requests.memory)"),
    @JsonProperty("memory-limit-not-equal-request")
    MEMORY_LIMIT_NOT_EQUAL_REQUEST(RESOURCES, MEDIUM, WORKLOAD, "Memory request differs from the memory limit",
            "Set resources.requests.memory equal to resources.limits.memory"),
    @JsonProperty("cpu-request-missing")
    CPU_REQUEST_MISSING(RESOURCES, MEDIUM, WORKLOAD, "Container has no CPU request",
            "Set resources.requests.cpu on the container, so the scheduler reserves what it needs"),
    @JsonProperty("replicas-minimum")
    REPLICAS_MINIMUM(AVAILABILITY, MEDIUM, WORKLOAD, "Workload runs fewer replicas than the policy minimum",
            "Raise spec.replicas (or the HPA's minReplicas) to the policy minimum"),
    @JsonProperty("pdb-missing")
    PDB_MISSING(AVAILABILITY, HIGH, WORKLOAD, "No PodDisruptionBudget selects the workload",
            "Add a policy/v1 PodDisruptionBudget whose selector matches the pod template labels (e.g. maxUnavailable: 1)"),
    @JsonProperty("pdb-blocks-eviction")
    PDB_BLOCKS_EVICTION(AVAILABILITY, HIGH, WORKLOAD, "PodDisruptionBudget allows no voluntary disruption",
            "Set the PodDisruptionBudget's maxUnavailable to 1 or more (or minAvailable below the replicas)"),
    @JsonProperty("topology-spread-missing")
    TOPOLOGY_SPREAD_MISSING(AVAILABILITY, MEDIUM, WORKLOAD, "Replicas are not spread over nodes or zones",
            "Add a topologySpreadConstraints entry (or pod anti-affinity) on kubernetes.io/hostname or topology.kubernetes.io/zone"),
    @JsonProperty("run-as-non-root")
    RUN_AS_NON_ROOT(SECURITY_CONTEXT, HIGH, WORKLOAD, "Container may run as root",
            "Set securityContext.runAsNonRoot: true and a non-zero runAsUser"),
    @JsonProperty("privilege-escalation-allowed")
    PRIVILEGE_ESCALATION_ALLOWED(SECURITY_CONTEXT, HIGH, WORKLOAD, "Privilege escalation is not disabled",
            "Set securityContext.allowPrivilegeEscalation: false on the container"),
    @JsonProperty("privileged-container")
    PRIVILEGED_CONTAINER(SECURITY_CONTEXT, CRITICAL, WORKLOAD, "Container runs privileged",
            "Remove securityContext.privileged: true"),
    @JsonProperty("host-namespaces")
    HOST_NAMESPACES(SECURITY_CONTEXT, CRITICAL, WORKLOAD, "Pod shares host namespaces",
            "Remove hostNetwork, hostPID and hostIPC from the pod spec"),
    @JsonProperty("capabilities-not-dropped")
    CAPABILITIES_NOT_DROPPED(SECURITY_CONTEXT, HIGH, WORKLOAD, "Capabilities are not all dropped",
            "Set securityContext.capabilities.drop: [ALL]"),
    @JsonProperty("capabilities-added")
    CAPABILITIES_ADDED(SECURITY_CONTEXT, HIGH, WORKLOAD, "Container adds a capability outside the allowed list",
            "Remove capabilities.add entries outside the policy's allowed list"),
    @JsonProperty("seccomp-profile")
    SECCOMP_PROFILE(SECURITY_CONTEXT, HIGH, WORKLOAD, "No RuntimeDefault or Localhost seccomp profile",
            "Set securityContext.seccompProfile.type: RuntimeDefault on the pod"),
    @JsonProperty("volume-type-not-allowed")
    VOLUME_TYPE_NOT_ALLOWED(SECURITY_CONTEXT, HIGH, WORKLOAD, "Pod uses a volume type outside the allowed list",
            "Replace the volume with an allowed type (configMap, secret, emptyDir, projected, PVC ...)"),
    @JsonProperty("read-only-root-filesystem")
    READ_ONLY_ROOT_FILESYSTEM(SECURITY_CONTEXT, MEDIUM, WORKLOAD, "Container root filesystem is writable",
            "Set securityContext.readOnlyRootFilesystem: true; mount an emptyDir where the process must write"),
    @JsonProperty("image-tag-mutable")
    IMAGE_TAG_MUTABLE(IMAGES, MEDIUM, WORKLOAD, "Container image has a mutable tag",
            "Pin the image by digest (@sha256:...) or a release tag other than latest"),
    @JsonProperty("mtls-not-strict")
    MTLS_NOT_STRICT(MTLS, CRITICAL, WORKLOAD, "Effective Istio mTLS mode is not STRICT",
            "Apply a PeerAuthentication with mtls.mode: STRICT to the workload or its namespace"),
    @JsonProperty("mtls-sidecar-missing")
    MTLS_SIDECAR_MISSING(MTLS, HIGH, WORKLOAD, "Workload is not in the mesh (no sidecar or ambient)",
            "Enable sidecar injection (istio-injection=enabled) or ambient mode for the namespace"),
    @JsonProperty("mtls-permissive-policy")
    MTLS_PERMISSIVE_POLICY(MTLS, HIGH, PEER_AUTHENTICATION, "PeerAuthentication allows plain text",
            "Change the PeerAuthentication's mtls.mode (and port modes) to STRICT"),
    @JsonProperty("hpa-cpu-target")
    HPA_CPU_TARGET(AUTOSCALING, MEDIUM, WORKLOAD, "HPA CPU target above the policy maximum",
            "Lower the HPA's CPU averageUtilization to the policy maximum (or enable remediation)"),
    @JsonProperty("gitops-unmanaged-change")
    GITOPS_UNMANAGED_CHANGE(GITOPS, MEDIUM, CONFIG, "ConfigMap or Secret changed outside GitOps",
            "Make the change in Git and let the GitOps controller apply it"),
    @JsonProperty("termination-message-policy")
    TERMINATION_MESSAGE_POLICY(RUNTIME, LOW, WORKLOAD, "Crash output does not reach the container's termination message",
            "Set terminationMessagePolicy: FallbackToLogsOnError on the container"),
    @JsonProperty("crash-looping")
    CRASH_LOOPING(RUNTIME, HIGH, WORKLOAD, "Pods of the workload are crash-looping",
            "Read the quoted termination message or the container's previous logs (kubectl logs --previous) and fix the crash"),
    @JsonProperty("oom-killed")
    OOM_KILLED(RUNTIME, HIGH, WORKLOAD, "A container of the workload was OOM-killed",
            "Raise resources.limits.memory to what the container uses and set the request equal to it"),
    @JsonProperty("go-runtime-fatal")
    GO_RUNTIME_FATAL(RUNTIME, CRITICAL, WORKLOAD, "A container died of a Go runtime fatal error",
            "Fix the quoted fatal error: guard shared maps with a sync.Mutex or use sync.Map, initialise maps before writing"),
    @JsonProperty("api-deprecated")
    API_DEPRECATED(APIS, MEDIUM, WORKLOAD, "Object is written in a deprecated or removed API version",
            "Rewrite the manifest in the replacement apiVersion the message names (kubectl convert helps) and check its fields"),
    @JsonProperty("exemption-not-allowed")
    EXEMPTION_NOT_ALLOWED(null, HIGH, WORKLOAD_CHANGE, "Workload exempts itself where the policy does not allow it",
            "Remove the ballast.dev/exempt annotation; ask for a StabilityException or a policy exemption instead"),
    @JsonProperty("schema-invalid")
    SCHEMA_INVALID(null, HIGH, MANIFEST, "Manifest does not match the Kubernetes or CRD schema",
            "Fix the named field: the API server rejects it under kubectl apply --validate=strict, or silently drops it");

    private static final Map<String, RuleId> BY_ID =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(RuleId::id, Function.identity()));

    private final Group group;
    private final Severity severity;
    private final Target target;
    private final String title;
    private final String remedy;
    private final String id;

    RuleId(Group group, Severity severity, Target target, String title, String remedy) {
        this.group = group;
        this.remedy = remedy;
        this.severity = severity;
        this.target = target;
        this.title = title;
        this.id = name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The stable ID used in findings, reports, exemptions and annotations, e.g. {@code probe-timeout}. */
    public String id() {
        return id;
    }

    /** The rule group; null for a rule outside every group (always on, e.g. exemption-not-allowed). */
    public Group group() {
        return group;
    }

    /** The group's ID, or {@code none} for a rule outside every group (PolicyReport category, SARIF tags). */
    public String groupId() {
        return group == null ? "none" : group.id();
    }

    /** The default severity; a result may carry another ({@code RuleResult.severity()}, e.g. api-deprecated). */
    public Severity severity() {
        return severity;
    }

    public Target target() {
        return target;
    }

    public String title() {
        return title;
    }

    /** How to fix a violation, in one imperative sentence (the report's "how to fix" column). */
    public String remedy() {
        return remedy;
    }

    public static Optional<RuleId> fromId(String id) {
        return Optional.ofNullable(BY_ID.get(id.trim()));
    }

    @Override
    public String toString() {
        return id;
    }
}
