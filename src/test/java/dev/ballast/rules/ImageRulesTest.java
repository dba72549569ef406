package dev.ballast.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.rules.catalog.RuleId;
import dev.ballast.rules.engine.Evaluation;
import dev.ballast.rules.engine.Result;
import dev.ballast.rules.engine.RuleResult;
import dev.ballast.rules.policy.ImageSettings;
import dev.ballast.rules.policy.Policy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** image-tag-mutable: each row is the compliant workload with one image, and whether exactly that rule fails. */
class ImageRulesTest {
    private static final Policy IMAGES = PolicyFixture.withBreadth(null, new ImageSettings());
    private static final String POD = "spec.template.spec";

    @ParameterizedTest(name = "{0} -> fails: {1}")
    @CsvSource({
            "example/web:1, false",
            "example/web@sha256:0123456789abcdef, false",
            "example/web:latest@sha256:0123456789abcdef, false",
            "registry.local:5000/team/web:2.1, false",
            "example/web, true",
            "example/web:latest, true",
            "registry.local:5000/team/web, true",
            "nginx, true"})
    void imageNeedsADigestOrATagOtherThanLatest(String image, boolean fails) {
        Evaluation e = evaluate(WorkloadFixture.compliant().set(POD + ".containers[0].image", image));
        if (fails) {
            assertThat(e.results()).filteredOn(r -> r.result() != Result.PASS).extracting(RuleResult::rule)
                    .containsExactly(RuleId.IMAGE_TAG_MUTABLE);
            assertThat(e.failures()).singleElement().satisfies(f -> {
                assertThat(f.finding().container()).isEqualTo("app");
                assertThat(f.finding().field()).isEqualTo(POD + ".containers[0].image");
                assertThat(f.finding().message()).startsWith("container \"app\": image " + image);
            });
        } else {
            assertThat(e.compliant()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"initContainers", "ephemeralContainers"})
    void initAndEphemeralContainersAreJudgedToo(String role) {
        Evaluation e = evaluate(WorkloadFixture.compliant().set(POD + "." + role, "[{name: helper, image: 'busybox:latest', "
                + "securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}}]"));
        assertThat(e.failures()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo(RuleId.IMAGE_TAG_MUTABLE);
            assertThat(f.finding().field()).isEqualTo(POD + "." + role + "[0].image");
        });
    }

    @ParameterizedTest(name = "without images group: {0}")
    @CsvSource({"example/web:latest"})
    void offWithoutTheImagesGroup(String image) {
        Evaluation e = WorkloadRulesTest.evaluate(PolicyFixture.baseline(),
                WorkloadFixture.compliant().set(POD + ".containers[0].image", image));
        assertThat(e.results()).extracting(RuleResult::rule).doesNotContain(RuleId.IMAGE_TAG_MUTABLE);
    }

    private static Evaluation evaluate(WorkloadFixture fixture) {
        return WorkloadRulesTest.evaluate(IMAGES, fixture);
    }
}
