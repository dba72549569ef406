package dev.ballast.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.catalog.Severity;
import dev.ballast.rules.engine.Result;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * SARIF 2.1.0 for code-scanning UIs: every catalogue rule as a reportingDescriptor, every failure as a result
 * located at its file and line; skips are results with an external suppression carrying the reason.
 */
public final class SarifAuditRenderer implements AuditRenderer {
    static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final String SRCROOT = "%SRCROOT%";
    private final String version;
    private final Path baseDir;

    /** {@code baseDir}: absolute; file paths under it become relative URIs against {@code %SRCROOT%}. */
    public SarifAuditRenderer(String version, Path baseDir) {
        this.version = version;
        this.baseDir = baseDir;
    }

    @Override
    public void render(AuditResult result, Appendable out) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("$schema", SCHEMA);
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "ballast");
        driver.put("informationUri", "https://ballast.dev");
        driver.put("version", version);
        ArrayNode rules = driver.putArray("rules");
        for (RuleId id : RuleId.values()) {
            ObjectNode rule = rules.addObject();
            rule.put("id", id.id());
            rule.put("name", id.name());
            rule.putObject("shortDescription").put("text", id.title());
            rule.putObject("help").put("text", id.remedy()); // shown by code-scanning UIs as the fix
            rule.putObject("defaultConfiguration").put("level", level(id.severity()));
            ObjectNode props = rule.putObject("properties");
            props.put("group", id.groupId());
            props.put("severity", id.severity().id());
            props.putArray("tags").add("kubernetes").add(id.groupId());
        }
        String base = baseDir.toUri().toString();
        run.putObject("originalUriBaseIds").putObject(SRCROOT).put("uri", base.endsWith("/") ? base : base + "/");
        ObjectNode invocation = run.putArray("invocations").addObject();
        invocation.put("executionSuccessful", true);
        if (!result.warnings().isEmpty()) {
            ArrayNode notifications = invocation.putArray("toolExecutionNotifications");
            result.warnings().forEach(w -> notifications.addObject().put("level", "warning").putObject("message").put("text", w));
        }
        ArrayNode results = run.putArray("results");
        for (FindingRow row : result.rows()) {
            ObjectNode r = results.addObject();
            r.put("ruleId", row.rule().id());
            r.put("ruleIndex", row.rule().ordinal());
            r.put("level", level(row.severity()));
            boolean named = row.field() == null || row.message().startsWith(row.field() + ":"); // schema findings name it
            String message = row.object() + ": " + row.message() + (named ? "" : " (fix " + row.field() + ")");
            r.putObject("message").put("text", message);
            if (row.file() != null && !row.file().startsWith("<")) { // "<stdin>" is no file to point at
                ObjectNode physical = r.putArray("locations").addObject().putObject("physicalLocation");
                artifactLocation(physical.putObject("artifactLocation"), row.file());
                physical.putObject("region").put("startLine", Math.max(1, row.line()));
            }
            if (row.result() == Result.SKIP) {
                r.putArray("suppressions").addObject().put("kind", "external").put("justification", row.message());
            }
            r.putObject("properties").put("policy", row.policy()).put("object", row.object())
                    .put("severity", row.severity().id());
        }
        out.append(MAPPER.writeValueAsString(root)).append(System.lineSeparator());
    }

    /** Under the base directory: a relative URI (forward slashes, percent-encoded) against %SRCROOT%; else absolute. */
    private void artifactLocation(ObjectNode location, String file) {
        Path path = baseDir.resolve(file).normalize();
        if (path.startsWith(baseDir)) {
            String relative = baseDir.relativize(path).toString().replace('\\', '/');
            try {
                location.put("uri", new URI(null, null, relative, null).getRawPath());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
            location.put("uriBaseId", SRCROOT);
        } else {
            location.put("uri", path.toUri().toString());
        }
    }

    static String level(Severity severity) {
        return switch (severity) {
            case CRITICAL, HIGH -> "error";
            case MEDIUM -> "warning";
            case LOW -> "note";
        };
    }
}
