package dev.ballast.report;

import dev.ballast.rules.engine.Finding;
import dev.ballast.rules.model.ResourceRef;

/** Where a finding sits in its object's file when that is known more precisely than the object's first line. */
@FunctionalInterface
public interface FindingLines {
    FindingLines NONE = (subject, finding) -> 0;

    /** The finding's line, or 0 to use the line where its object starts. */
    int lineOf(ResourceRef subject, Finding finding);
}
