package dev.odooimage.image;

import java.util.List;
import java.util.Map;

/** The container configuration the Jib extension sets (besides the layers). */
public record ContainerSettings(String user, String workingDirectory, List<String> entrypoint,
        Map<String, String> environment, Map<String, String> labels, List<Integer> tcpPorts, List<String> volumes) {
    public ContainerSettings {
        entrypoint = List.copyOf(entrypoint);
        environment = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(environment));
        labels = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(labels));
        tcpPorts = List.copyOf(tcpPorts);
        volumes = List.copyOf(volumes);
    }
}
