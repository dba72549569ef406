package dev.ballast.rules.policy;

/** The {@code images} rule group: no settings yet; its presence turns image-tag-mutable on. */
public record ImageSettings() {
}
