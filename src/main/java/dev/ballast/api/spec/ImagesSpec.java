package dev.ballast.api.spec;

/** The images group has no settings yet: {@code images: {}} turns image-tag-mutable on. */
public record ImagesSpec() {
}
