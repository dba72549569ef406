package dev.ballast.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ballast.kube.WorkloadMapper;
import dev.ballast.rules.model.SourceRef;
import dev.ballast.rules.model.Workload;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A workload that passes every baseline rule, plus path-based edits ("a.b[0].c") so each test case reads as
 * "the compliant workload, with one change".
 */
public final class WorkloadFixture {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final String COMPLIANT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: shop, labels: {app: web}}
            spec:
              template:
                metadata:
                  labels: {app: web}
                spec:
                  securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
                  containers:
                    - name: app
                      image: example/web:1
                      readinessProbe: {httpGet: {path: /readyz, port: 8080}, timeoutSeconds: 2, failureThreshold: 5}
                      livenessProbe: {httpGet: {path: /healthz, port: 8080}, timeoutSeconds: 2}
                      resources: {requests: {memory: 512Mi, cpu: 100m}, limits: {memory: 512Mi}}
                      securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
                  volumes:
                    - {name: config, configMap: {name: web}}
            """;

    private final ObjectNode root;

    private WorkloadFixture(ObjectNode root) {
        this.root = root;
    }

    public static WorkloadFixture compliant() {
        return parse(COMPLIANT);
    }

    public static WorkloadFixture parse(String yaml) {
        try {
            return new WorkloadFixture((ObjectNode) YAML.readTree(yaml));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sets the value (a YAML snippet) at a dotted path, creating objects on the way. */
    public WorkloadFixture set(String path, String yamlValue) {
        try {
            JsonNode value = YAML.readTree(yamlValue);
            String[] parts = path.split("\\.");
            JsonNode parent = walk(parts, true);
            put(parent, parts[parts.length - 1], value);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public WorkloadFixture remove(String path) {
        String[] parts = path.split("\\.");
        JsonNode parent = walk(parts, false);
        String last = parts[parts.length - 1];
        if (parent instanceof ObjectNode o) {
            o.remove(last);
        }
        return this;
    }

    private JsonNode walk(String[] parts, boolean create) {
        JsonNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            String part = parts[i];
            int bracket = part.indexOf('[');
            String field = bracket < 0 ? part : part.substring(0, bracket);
            JsonNode next = node.get(field);
            if (next == null && create) {
                next = ((ObjectNode) node).putObject(field);
            }
            if (bracket >= 0) {
                next = next.get(Integer.parseInt(part.substring(bracket + 1, part.length() - 1)));
            }
            node = next;
        }
        return node;
    }

    private static void put(JsonNode parent, String key, JsonNode value) {
        int bracket = key.indexOf('[');
        if (bracket < 0) {
            ((ObjectNode) parent).set(key, value);
        } else {
            ArrayNode array = (ArrayNode) parent.get(key.substring(0, bracket));
            int index = Integer.parseInt(key.substring(bracket + 1, key.length() - 1));
            if (index == array.size()) {
                array.add(value);
            } else {
                array.set(index, value);
            }
        }
    }

    /** A copy of the object as JSON. */
    public ObjectNode json() {
        return root.deepCopy();
    }

    public Workload workload() {
        return WorkloadMapper.map(root, SourceRef.file("test.yaml", 1));
    }
}
