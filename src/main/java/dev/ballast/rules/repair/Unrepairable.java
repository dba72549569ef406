package dev.ballast.rules.repair;

import dev.ballast.rules.catalog.RuleId;

/** A finding the fixer leaves alone, and why: an explicit author choice, or a value it would have to invent. */
public record Unrepairable(RuleId rule, String container, String field, String reason) {
}
