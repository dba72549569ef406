package dev.ballast.api.status;

public record RemediationEntry(String namespace, String name, Integer from, Integer to, String time) {
}
