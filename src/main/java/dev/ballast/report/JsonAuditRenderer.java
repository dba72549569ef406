package dev.ballast.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;

/**
 * The JSON (or YAML) shape scripts rely on: {@code {"summary": {...}, "findings": [...]}} as the SPEC gives it.
 * Written with a bare generator: an ObjectMapper would cost the CLI's start-up its date-format set-up and nothing more.
 */
public final class JsonAuditRenderer implements AuditRenderer {
    private final JsonFactory factory;
    private final boolean indent;

    private JsonAuditRenderer(JsonFactory factory, boolean indent) {
        this.factory = factory;
        this.indent = indent;
    }

    public static JsonAuditRenderer json() {
        return new JsonAuditRenderer(new JsonFactory(), true);
    }

    public static JsonAuditRenderer yaml() {
        return new JsonAuditRenderer(YAMLFactory.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build(), false);
    }

    /**
     * Written field by field, not built as a tree first: a 10,000-workload audit has ~100,000 findings, whose tree and
     * text would otherwise be held whole (the output is the same, byte for byte).
     */
    @Override
    public void render(AuditResult result, Appendable out) throws IOException {
        if (!(out instanceof Writer writer)) {
            StringWriter text = new StringWriter();
            render(result, text);
            out.append(text.toString());
            return;
        }
        try (JsonGenerator g = factory.createGenerator(writer).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)) {
            if (indent) {
                g.setPrettyPrinter(new DefaultPrettyPrinter());
            }
            g.writeStartObject();
            g.writeObjectFieldStart("summary");
            g.writeNumberField("workloads", result.score().objects());
            g.writeNumberField("passed", result.score().passed());
            g.writeNumberField("failed", result.score().failed());
            g.writeNumberField("skipped", result.score().skipped());
            g.writeNumberField("score", result.score().score());
            g.writeEndObject();
            g.writeArrayFieldStart("findings");
            for (FindingRow row : result.rows()) {
                g.writeStartObject();
                g.writeStringField("policy", row.policy());
                g.writeStringField("namespace", row.namespace());
                g.writeStringField("kind", row.kind());
                g.writeStringField("name", row.name());
                if (row.container() != null) {
                    g.writeStringField("container", row.container());
                }
                g.writeStringField("rule", row.rule().id());
                g.writeStringField("severity", row.severity().id());
                g.writeStringField("result", row.result().id());
                g.writeStringField("message", row.message());
                if (row.file() != null) {
                    g.writeStringField("file", row.file());
                    g.writeNumberField("line", row.line());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            if (!result.warnings().isEmpty()) { // only then, so the usual shape stays exactly the SPEC's
                g.writeArrayFieldStart("warnings");
                for (String warning : result.warnings()) {
                    g.writeString(warning);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        }
        out.append(System.lineSeparator());
    }
}
