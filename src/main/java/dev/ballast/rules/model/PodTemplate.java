package dev.ballast.rules.model;

import java.util.List;
import java.util.Map;

/**
 * The pod template of a workload. {@code containers} holds every container (main, init and ephemeral), each with
 * its role and index; {@code volumes} the pod volumes by type; {@code spreadTopologyKeys} the topologyKey of every
 * topologySpreadConstraints entry and pod anti-affinity term (required or preferred).
 */
public record PodTemplate(Map<String, String> labels, Map<String, String> annotations, PodSecurity security,
                          boolean hostNetwork, boolean hostPID, boolean hostIPC,
                          List<ContainerView> containers, List<VolumeView> volumes, List<String> spreadTopologyKeys) {
    public PodTemplate {
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
        containers = List.copyOf(containers);
        volumes = List.copyOf(volumes);
        spreadTopologyKeys = List.copyOf(spreadTopologyKeys);
    }
}
