package dev.odooimage.image;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.ContainerBuildPlan;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.Port;

/** Translates our plan into Jib's build plan (Jib build-plan API types only). */
public final class JibPlans {
    private JibPlans() {
    }

    public static List<FileEntriesLayer> layers(LayerPlan plan) {
        List<FileEntriesLayer> out = new ArrayList<>();
        for (PlannedLayer l : plan.layers()) {
            FileEntriesLayer.Builder b = FileEntriesLayer.builder().setName(l.name());
            for (PlannedEntry e : l.entries()) {
                b.addEntry(new FileEntry(e.source(), AbsoluteUnixPath.get(e.imagePath()),
                        FilePermissions.fromOctalString(e.octalMode()), FileEntriesLayer.DEFAULT_MODIFICATION_TIME,
                        e.owner().toString()));
            }
            out.add(b.build());
        }
        return out;
    }

    /**
     * Replaces Jib's Java layers by ours and sets the container configuration. Environment
     * and labels configured explicitly in the client's Jib {@code <container>} win over ours.
     */
    public static ContainerBuildPlan apply(ContainerBuildPlan jib, LayerPlan plan, ContainerSettings c) {
        Map<String, String> env = new LinkedHashMap<>(c.environment());
        env.putAll(jib.getEnvironment());
        Map<String, String> labels = new LinkedHashMap<>(c.labels());
        labels.putAll(jib.getLabels());
        Set<Port> ports = new LinkedHashSet<>(jib.getExposedPorts());
        c.tcpPorts().forEach(p -> ports.add(Port.tcp(p)));
        Set<AbsoluteUnixPath> volumes = new LinkedHashSet<>(jib.getVolumes());
        c.volumes().forEach(v -> volumes.add(AbsoluteUnixPath.get(v)));
        return jib.toBuilder()
                .setLayers(layers(plan))
                .setUser(c.user())
                .setWorkingDirectory(AbsoluteUnixPath.get(c.workingDirectory()))
                .setEntrypoint(c.entrypoint())
                .setEnvironment(env)
                .setLabels(labels)
                .setExposedPorts(ports)
                .setVolumes(volumes)
                .build();
    }
}
