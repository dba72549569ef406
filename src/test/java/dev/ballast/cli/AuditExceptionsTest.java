package dev.ballast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ballast audit} reads StabilityException documents in its input as context, like HPAs, and rejects bad ones. */
class AuditExceptionsTest {
    static final String POLICY = """
            apiVersion: ballast.dev/v1alpha1
            kind: StabilityPolicy
            metadata: {name: prod}
            spec:
              mode: Enforce
              allowExceptions: %s
              rules: {probes: {}}
            """;
    static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: shop, annotations: {ballast.dev/exempt: probe-failure-threshold}}
            spec:
              template:
                spec:
                  containers:
                  - name: app
                    readinessProbe: {httpGet: {path: /readyz, port: 8080}, timeoutSeconds: 30, failureThreshold: 5}
            ---
            """;

    static String exception(String expires, String rules) {
        return """
                apiVersion: ballast.dev/v1alpha1
                kind: StabilityException
                metadata: {name: slow-start, namespace: shop}
                spec: {workloads: [web], rules: %s, reason: warming caches, expires: "%s"}
                """.formatted(rules, expires);
    }

    @TempDir
    Path dir;

    AuditCommandTest.Run audit(boolean allowExceptions, String manifests) throws Exception {
        Path policy = Files.writeString(dir.resolve("policy.yaml"), POLICY.formatted(allowExceptions));
        return AuditCommandTest.runWithStdin(manifests, "audit", "-f", "-", "--policy", policy.toString(), "--format", "json");
    }

    static JsonNode finding(AuditCommandTest.Run run, String rule) throws Exception {
        for (JsonNode f : run.json().get("findings")) {
            if (rule.equals(f.get("rule").asText())) {
                return f;
            }
        }
        throw new AssertionError("no finding for " + rule + " in " + run.out());
    }

    @Test
    void anUnexpiredExceptionSkipsWithItsSourceOnlyWhenThePolicyAllowsIt() throws Exception {
        var excepted = audit(true, DEPLOYMENT + exception("2999-01-01T00:00:00Z", "[probe-timeout]"));
        assertThat(excepted.code()).as(excepted.err()).isZero();
        assertThat(finding(excepted, "probe-timeout").get("result").asText()).isEqualTo("skip");
        assertThat(finding(excepted, "probe-timeout").get("message").asText())
                .isEqualTo("exempted by StabilityException shop/slow-start (until 2999-01-01T00:00:00Z): warming caches");

        var notAllowed = audit(false, DEPLOYMENT + exception("2999-01-01T00:00:00Z", "[probe-timeout]"));
        assertThat(notAllowed.code()).isEqualTo(1);
        assertThat(finding(notAllowed, "probe-timeout").get("result").asText()).isEqualTo("fail");

        var expired = audit(true, DEPLOYMENT + exception("2001-01-01T00:00:00+02:00", "[probe-timeout]"));
        assertThat(expired.code()).isEqualTo(1);
        assertThat(finding(expired, "probe-timeout").get("result").asText()).isEqualTo("fail");
    }

    @Test
    void badExceptionsAreErrorsNamingTheField() throws Exception {
        var badTime = audit(true, DEPLOYMENT + exception("next tuesday", "[probe-timeout]"));
        assertThat(badTime.code()).isEqualTo(2);
        assertThat(badTime.err()).contains("<stdin>:11:").contains("spec.expires \"next tuesday\" is not an RFC 3339 time");
        var badRule = audit(true, DEPLOYMENT + exception("2999-01-01T00:00:00Z", "[probe-timeout, probe-timout]"));
        assertThat(badRule.code()).isEqualTo(2);
        assertThat(badRule.err()).contains("StabilityException \"slow-start\"").contains("spec.rules[1]: unknown rule \"probe-timout\"");
    }
}
