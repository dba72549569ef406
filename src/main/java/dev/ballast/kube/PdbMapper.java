package dev.ballast.kube;

import static dev.ballast.kube.NodeReader.list;
import static dev.ballast.kube.NodeReader.object;
import static dev.ballast.kube.NodeReader.stringMap;
import static dev.ballast.kube.NodeReader.strings;
import static dev.ballast.kube.NodeReader.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ballast.rules.model.PodDisruptionBudgetView;
import dev.ballast.rules.model.SourceRef;
import dev.ballast.rules.policy.LabelSelector;
import java.util.ArrayList;
import java.util.List;

/** Maps a PodDisruptionBudget (policy/v1 or v1beta1) from JSON. Structural: unset stays null. */
public final class PdbMapper {
    private PdbMapper() {
    }

    public static PodDisruptionBudgetView map(JsonNode object, SourceRef source) {
        String apiVersion = text(object, "apiVersion", "");
        JsonNode spec = object(object, "spec", "");
        return new PodDisruptionBudgetView(apiVersion == null ? "policy/v1" : apiVersion, ContextMapper.namespaceOf(object),
                ContextMapper.nameOf(object), selector(object(spec, "selector", "spec")),
                text(spec, "minAvailable", "spec"), text(spec, "maxUnavailable", "spec"), source);
    }

    private static LabelSelector selector(JsonNode selector) {
        if (selector == null) {
            return null;
        }
        String path = "spec.selector.matchExpressions";
        List<LabelSelector.Requirement> expressions = new ArrayList<>();
        for (JsonNode e : list(selector, "matchExpressions", "spec.selector")) {
            String operator = text(e, "operator", path);
            LabelSelector.Operator op;
            try {
                op = LabelSelector.Operator.valueOf(operator == null ? "" : operator);
            } catch (IllegalArgumentException ex) {
                throw new ManifestException(path + ".operator \"" + operator
                        + "\" is not one of In, NotIn, Exists, DoesNotExist");
            }
            expressions.add(new LabelSelector.Requirement(text(e, "key", path), op, strings(e, "values", path)));
        }
        return new LabelSelector(stringMap(selector, "matchLabels", "spec.selector"), expressions);
    }
}
