package dev.ballast.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The schemas a CustomResourceDefinition ({@code apiextensions.k8s.io/v1}) declares, one per served version, keyed
 * {@code group/version Kind}. As the API server does, {@code apiVersion} and {@code kind} are strings and
 * {@code metadata} is validated as ObjectMeta whatever the CRD's schema says of them.
 */
public final class CrdSchemas {
    static final String OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

    private CrdSchemas() {
    }

    /** @throws IllegalArgumentException naming what is missing, when {@code crd} is not a v1 CustomResourceDefinition */
    public static Map<String, ObjectNode> of(JsonNode crd) {
        String kind = crd.path("kind").asText("");
        String apiVersion = crd.path("apiVersion").asText("");
        if (!"CustomResourceDefinition".equals(kind)) {
            throw new IllegalArgumentException("not a CustomResourceDefinition (kind: " + (kind.isEmpty() ? "none" : kind) + ")");
        }
        if (!"apiextensions.k8s.io/v1".equals(apiVersion)) {
            throw new IllegalArgumentException("CustomResourceDefinition " + apiVersion
                    + " is not supported: apiextensions.k8s.io/v1 only (v1beta1 was removed in Kubernetes 1.22)");
        }
        JsonNode spec = crd.path("spec");
        String group = spec.path("group").asText("");
        String crdKind = spec.path("names").path("kind").asText("");
        if (group.isEmpty() || crdKind.isEmpty() || !spec.path("versions").isArray()) {
            throw new IllegalArgumentException("CustomResourceDefinition " + crd.path("metadata").path("name").asText("(unnamed)")
                    + " lacks spec.group, spec.names.kind or spec.versions");
        }
        Map<String, ObjectNode> schemas = new LinkedHashMap<>();
        for (JsonNode version : spec.path("versions")) {
            if (!version.path("served").asBoolean(false)) {
                continue;
            }
            JsonNode openApi = version.path("schema").path("openAPIV3Schema");
            ObjectNode schema = openApi.isObject() ? SchemaPruner.crd().prune(openApi) : unknownFieldsAllowed();
            ObjectNode properties = schema.has("properties") ? (ObjectNode) schema.get("properties") : schema.putObject("properties");
            properties.putObject("apiVersion").put("type", "string");
            properties.putObject("kind").put("type", "string");
            properties.putObject("metadata").put(SchemaPruner.REF, OBJECT_META);
            schema.put("type", "object");
            schemas.put(group + "/" + version.path("name").asText() + " " + crdKind, schema);
        }
        return schemas;
    }

    private static ObjectNode unknownFieldsAllowed() {
        ObjectNode schema = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        schema.put(SchemaPruner.PRESERVE, true);
        return schema;
    }
}
