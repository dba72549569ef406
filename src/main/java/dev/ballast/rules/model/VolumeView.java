package dev.ballast.rules.model;

/** A pod volume: its name and its source type as the API names it (configMap, hostPath, ...). */
public record VolumeView(String name, String type) {
}
