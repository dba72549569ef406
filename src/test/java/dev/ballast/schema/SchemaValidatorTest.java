package dev.ballast.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The validator against the shipped Kubernetes schema: each row is a valid Deployment with one change. */
class SchemaValidatorTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final SchemaCatalog CATALOG = SchemaCatalog.shipped().build();
    private static final SchemaValidator VALIDATOR = new SchemaValidator(CATALOG);
    private static final String CONTAINER = "spec.template.spec.containers[0]";

    static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: shop, labels: {app: web}, creationTimestamp: null}
            spec:
              replicas: 2
              selector: {matchLabels: {app: web}}
              strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: "25%"}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers:
                    - name: app
                      image: nginx:1.27
                      imagePullPolicy: IfNotPresent
                      ports: [{containerPort: 8080, name: http}]
                      readinessProbe: {httpGet: {path: /healthz, port: http}, timeoutSeconds: 2}
                      livenessProbe: {tcpSocket: {port: 8080}}
                      resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {memory: 0.5Gi, cpu: 1}}
                      env: [{name: A, value: "1"}]
            """;

    private static ObjectNode deployment() throws Exception {
        return (ObjectNode) YAML.readTree(DEPLOYMENT);
    }

    private static ObjectNode container(ObjectNode deployment) {
        return (ObjectNode) deployment.at("/spec/template/spec/containers/0");
    }

    private static List<SchemaViolation> validate(JsonNode doc) {
        return VALIDATOR.validate(doc, CATALOG.schemaOf(doc.path("apiVersion").asText(), doc.path("kind").asText()).orElseThrow());
    }

    @Test
    void aValidDeploymentPasses() throws Exception {
        assertThat(validate(deployment())).isEmpty();
        assertThat(CATALOG.kubernetesVersion()).startsWith("v1.");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        // field set on the container (a YAML value) | expected field path                 | expected problem
        "readinessProbe.timeoutSecond | 5       | readinessProbe.timeoutSecond   | unknown field",
        "readinessProbe.timeoutSeconds| '\"5\"' | readinessProbe.timeoutSeconds  | expected an integer, got string \"5\"",
        "readinessProbe.timeoutSeconds| 1.5     | readinessProbe.timeoutSeconds  | expected an integer, got number 1.5",
        "readinessProbe.timeoutSeconds| 3000000000 | readinessProbe.timeoutSeconds | integer 3000000000 is out of the int32 range",
        "imagePullPolicy              | Sometimes | imagePullPolicy | unsupported value \"Sometimes\" (supported: \"Always\", \"IfNotPresent\", \"Never\")",
        "stdin                        | '\"yes\"' | stdin          | expected a boolean, got string \"yes\"",
        "args                         | run     | args                           | expected an array, got string \"run\"",
        "readinessProbe.httpGet.port  | true    | readinessProbe.httpGet.port    | expected an integer or a string, got boolean true",
        "resources.limits.memory      | lots    | resources.limits.memory        | \"lots\" is not a quantity (such as 500m, 1.5, 1Gi or 1e3)",
        "resources.limits.memory      | '[1]'   | resources.limits.memory        | expected a quantity (a number or a string such as 500m or 1Gi), got an array",
        "Image                        | nginx   | Image                          | unknown field",
        "securityContext              | '\"x\"' | securityContext                | expected an object, got string \"x\"",
    })
    void oneBadFieldIsNamedWithItsPath(String field, String yamlValue, String path, String problem) throws Exception {
        ObjectNode doc = deployment();
        ObjectNode target = container(doc);
        String[] parts = field.split("\\.");
        for (int i = 0; i < parts.length - 1; i++) {
            target = target.has(parts[i]) ? (ObjectNode) target.get(parts[i]) : target.putObject(parts[i]);
        }
        target.set(parts[parts.length - 1], YAML.readTree(yamlValue));
        assertThat(validate(doc)).containsExactly(new SchemaViolation(CONTAINER + "." + path, problem));
    }

    @Test
    void theTypoIsWordedAsKubectlWordsIt() throws Exception {
        ObjectNode doc = deployment();
        ((ObjectNode) container(doc).get("readinessProbe")).put("timeoutSecond", 5);
        assertThat(validate(doc)).extracting(SchemaViolation::message)
                .containsExactly("spec.template.spec.containers[0].readinessProbe.timeoutSecond: unknown field");
    }

    @Test
    void missingRequiredFieldsAreNamed() throws Exception {
        ObjectNode doc = deployment();
        container(doc).remove("name");
        ((ObjectNode) doc.get("spec")).remove("selector");
        ((ObjectNode) container(doc).withArray("env").get(0)).putNull("name");
        assertThat(validate(doc)).containsExactlyInAnyOrder(
                new SchemaViolation("spec.selector", "missing required field"),
                new SchemaViolation(CONTAINER + ".name", "missing required field"),
                new SchemaViolation(CONTAINER + ".env[0].name", "missing required field"));
    }

    @Test
    void intOrStringAcceptsBothAndQuantitiesAcceptNumbers() throws Exception {
        ObjectNode doc = deployment();
        ObjectNode rolling = (ObjectNode) doc.at("/spec/strategy/rollingUpdate");
        rolling.put("maxSurge", "50%").put("maxUnavailable", 0);
        ((ObjectNode) container(doc).at("/readinessProbe/httpGet")).put("port", 8080);
        ((ObjectNode) container(doc).at("/resources/requests")).put("cpu", 0.25).put("memory", "1e9");
        assertThat(validate(doc)).isEmpty();
        rolling.put("maxSurge", 1.5);
        assertThat(validate(doc)).extracting(SchemaViolation::field).containsExactly("spec.strategy.rollingUpdate.maxSurge");
    }

    @Test
    void nullIsUnsetAndAnEmptyEnumValueIsDefaulted() throws Exception {
        ObjectNode doc = deployment();
        container(doc).putNull("readinessProbe").put("imagePullPolicy", "");
        ((ObjectNode) doc.get("metadata")).putNull("annotations");
        assertThat(validate(doc)).isEmpty();
    }

    @Test
    void mapValuesRawExtensionsAndBase64AreChecked() throws Exception {
        ObjectNode doc = deployment();
        ((ObjectNode) doc.at("/metadata/labels")).put("tier", 3);
        assertThat(validate(doc)).containsExactly(new SchemaViolation("metadata.labels.tier", "expected a string, got number 3"));
        JsonNode secret = YAML.readTree("{apiVersion: v1, kind: Secret, metadata: {name: s}, data: {ok: aGVsbG8=, bad: 'hello!'}}");
        assertThat(validate(secret)).containsExactly(
                new SchemaViolation("data.bad", "expected base64-encoded data (standard alphabet, padded)"));
        JsonNode managed = YAML.readTree("{apiVersion: v1, kind: ConfigMap, metadata: {name: c, managedFields: "
                + "[{manager: kubectl, fieldsV1: {'f:data': {'f:x': {}}}}]}, data: {x: y}}");
        assertThat(validate(managed)).as("fieldsV1 is a raw value").isEmpty();
    }

    @Test
    void ballastsOwnCrdsAreKnown() throws Exception {
        JsonNode policy = YAML.readTree("""
                apiVersion: ballast.dev/v1alpha1
                kind: StabilityPolicy
                metadata: {name: p, labelz: {}}
                spec:
                  mode: Sometimes
                  rules: {probes: {readiness: {maxTimeoutSecond: 5}}}
                """);
        assertThat(validate(policy)).extracting(SchemaViolation::field, SchemaViolation::problem).contains(
                org.assertj.core.groups.Tuple.tuple("metadata.labelz", "unknown field"),
                org.assertj.core.groups.Tuple.tuple("spec.rules.probes.readiness.maxTimeoutSecond", "unknown field"));
        assertThat(validate(policy)).anySatisfy(v -> assertThat(v.problem()).startsWith("unsupported value \"Sometimes\""));
    }

    @Test
    void aCrdsServedVersionsValidateItsCustomResources() throws Exception {
        JsonNode crd = YAML.readTree("""
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: widgets.example.com}
                spec:
                  group: example.com
                  names: {kind: Widget, plural: widgets}
                  scope: Namespaced
                  versions:
                    - name: v1
                      served: true
                      storage: true
                      schema:
                        openAPIV3Schema:
                          type: object
                          properties:
                            spec:
                              type: object
                              required: [size]
                              properties:
                                size: {type: integer, minimum: 1}
                                port: {x-kubernetes-int-or-string: true, anyOf: [{type: integer}, {type: string}]}
                                color: {type: string, enum: [red, blue]}
                                extra: {type: object, x-kubernetes-preserve-unknown-fields: true}
                                closed: {type: object}
                    - name: v0
                      served: false
                      storage: false
                      schema: {openAPIV3Schema: {type: object}}
                """);
        SchemaCatalog catalog = SchemaCatalog.shipped().addCrd(crd).build();
        assertThat(catalog.schemaOf("example.com/v0", "Widget")).as("not served").isEmpty();
        JsonNode widget = YAML.readTree("""
                apiVersion: example.com/v1
                kind: Widget
                metadata: {name: w, namespace: shop}
                spec: {port: http, color: green, extra: {anything: [1]}, closed: {x: 1}, sise: 2}
                """);
        assertThat(new SchemaValidator(catalog).validate(widget, catalog.schemaOf("example.com/v1", "Widget").orElseThrow()))
                .containsExactly(
                        new SchemaViolation("spec.color", "unsupported value \"green\" (supported: \"red\", \"blue\")"),
                        new SchemaViolation("spec.closed.x", "unknown field"),
                        new SchemaViolation("spec.sise", "unknown field"),
                        new SchemaViolation("spec.size", "missing required field"));
    }

    @Test
    void onlyV1CustomResourceDefinitionsAreCrds() throws Exception {
        assertThatThrownBy(() -> CrdSchemas.of(YAML.readTree(DEPLOYMENT)))
                .hasMessage("not a CustomResourceDefinition (kind: Deployment)");
        assertThatThrownBy(() -> CrdSchemas.of(YAML.readTree("{apiVersion: apiextensions.k8s.io/v1beta1, kind: CustomResourceDefinition}")))
                .hasMessageContaining("apiextensions.k8s.io/v1 only");
    }

    @Test
    void removedBuiltInVersionsAreToldApartFromUnknownGroups() {
        assertThat(CATALOG.unservedBuiltIn("apps/v1beta1", "Deployment")).contains(List.of("apps/v1"));
        assertThat(CATALOG.unservedBuiltIn("v1", "Deploymnet")).contains(List.of());
        assertThat(CATALOG.unservedBuiltIn("apps/v1", "Deployment")).isEmpty();
        assertThat(CATALOG.unservedBuiltIn("example.com/v1", "Widget")).isEmpty();
    }

    @Test
    void violationsPerDocumentAreBounded() throws Exception {
        ObjectNode doc = deployment();
        ObjectNode spec = (ObjectNode) doc.get("spec");
        for (int i = 0; i < 5_000; i++) {
            spec.put("unknown" + i, i);
        }
        assertThat(validate(doc)).hasSize(SchemaValidator.MAX_VIOLATIONS);
    }
}
