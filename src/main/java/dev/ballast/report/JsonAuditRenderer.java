package dev.ballast.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;

/** The JSON (or YAML) shape scripts rely on: {@code {"summary": {...}, "findings": [...]}} as the SPEC gives it. */
public final class JsonAuditRenderer implements AuditRenderer {
    private final ObjectMapper mapper;

    private JsonAuditRenderer(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public static JsonAuditRenderer json() {
        return new JsonAuditRenderer(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT));
    }

    public static JsonAuditRenderer yaml() {
        return new JsonAuditRenderer(new ObjectMapper(YAMLFactory.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build()));
    }

    public ObjectNode tree(AuditResult result) {
        ObjectNode root = mapper.createObjectNode();
        ObjectNode summary = root.putObject("summary");
        summary.put("workloads", result.score().objects());
        summary.put("passed", result.score().passed());
        summary.put("failed", result.score().failed());
        summary.put("skipped", result.score().skipped());
        summary.put("score", result.score().score());
        ArrayNode findings = root.putArray("findings");
        for (FindingRow row : result.rows()) {
            ObjectNode f = findings.addObject();
            f.put("policy", row.policy());
            f.put("namespace", row.namespace());
            f.put("kind", row.kind());
            f.put("name", row.name());
            if (row.container() != null) {
                f.put("container", row.container());
            }
            f.put("rule", row.rule().id());
            f.put("severity", row.severity().id());
            f.put("result", row.result().id());
            f.put("message", row.message());
            if (row.file() != null) {
                f.put("file", row.file());
                f.put("line", row.line());
            }
        }
        if (!result.warnings().isEmpty()) { // only then, so the usual shape stays exactly the SPEC's
            ArrayNode warnings = root.putArray("warnings");
            result.warnings().forEach(warnings::add);
        }
        return root;
    }

    @Override
    public void render(AuditResult result, Appendable out) throws IOException {
        out.append(mapper.writeValueAsString(tree(result)));
        out.append(System.lineSeparator());
    }
}
