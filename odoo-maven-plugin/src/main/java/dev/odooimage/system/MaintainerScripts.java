package dev.odooimage.system;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The maintainer scripts we do not run (nothing runs in the image): what each one would have
 * done, named for a warning, and the {@code update-alternatives --install} calls, which the
 * layer performs itself (the links are plain data).
 */
public final class MaintainerScripts {
    static final List<String> SCRIPTS = List.of("preinst", "postinst", "prerm", "postrm", "triggers", "config");
    private static final Map<String, String> EFFECTS = Map.ofEntries(
            Map.entry("ldconfig", "refreshes the shared library cache"),
            Map.entry("update-alternatives", "registers alternatives"),
            Map.entry("update-ca-certificates", "rebuilds the CA bundle"),
            Map.entry("fc-cache", "rebuilds the font cache"),
            Map.entry("adduser", "creates a system user"),
            Map.entry("useradd", "creates a system user"),
            Map.entry("addgroup", "creates a system group"),
            Map.entry("groupadd", "creates a system group"),
            Map.entry("deb-systemd-helper", "enables a systemd unit"),
            Map.entry("update-rc.d", "enables an init script"),
            Map.entry("dpkg-trigger", "activates a dpkg trigger"),
            Map.entry("ucf", "manages a configuration file"),
            Map.entry("db_", "asks debconf questions"),
            Map.entry("dpkg-maintscript-helper", "moves or removes old configuration files"),
            Map.entry("py3compile", "byte-compiles Python modules"),
            Map.entry("update-mime-database", "rebuilds the MIME database"),
            Map.entry("setcap", "sets file capabilities"),
            Map.entry("chown", "changes file ownership"),
            Map.entry("chmod", "changes file modes"));
    // update-alternatives --install <link> <name> <path> <priority> [--slave <link> <name> <path>]...
    private static final Pattern INSTALL = Pattern.compile(
            "update-alternatives\\s+(?:--quiet\\s+)?--install\\s+(/\\S+)\\s+(\\S+)\\s+(/\\S+)\\s+(\\d+)((?:\\s*\\\\?\\s*--slave\\s+/\\S+\\s+\\S+\\s+/\\S+)*)");
    private static final Pattern SLAVE = Pattern.compile("--slave\\s+(/\\S+)\\s+(\\S+)\\s+(/\\S+)");

    private MaintainerScripts() {
    }

    /** One registered alternative: /usr/bin/x -> /etc/alternatives/name -> path. */
    public record Alternative(String link, String name, String path, int priority) {
    }

    /** The effects of a package's scripts we skip, e.g. "postinst: refreshes the shared library cache". */
    public static List<String> skippedEffects(Map<String, byte[]> control) {
        List<String> out = new ArrayList<>();
        for (String script : SCRIPTS) {
            byte[] b = control.get(script);
            if (b == null) {
                continue;
            }
            String text = new String(b, StandardCharsets.UTF_8);
            Set<String> effects = new LinkedHashSet<>();
            for (var e : EFFECTS.entrySet()) {
                if (text.contains(e.getKey())) {
                    effects.add(e.getValue());
                }
            }
            if (script.equals("triggers")) {
                effects.add("declares dpkg triggers");
            }
            out.add(script + (effects.isEmpty() ? " (no effect we know of)" : ": " + String.join(", ",
                    effects.stream().sorted().toList())));
        }
        return out;
    }

    /** The literal {@code update-alternatives --install} calls of the postinst (variables are not expanded). */
    public static List<Alternative> alternatives(Map<String, byte[]> control) {
        byte[] b = control.get("postinst");
        if (b == null) {
            return List.of();
        }
        String text = new String(b, StandardCharsets.UTF_8).replace("\\\n", " ");
        List<Alternative> out = new ArrayList<>();
        Matcher m = INSTALL.matcher(text);
        while (m.find()) {
            if (m.group(0).contains("$")) {
                continue;
            }
            int prio = Integer.parseInt(m.group(4));
            out.add(new Alternative(m.group(1), m.group(2), m.group(3), prio));
            Matcher s = SLAVE.matcher(m.group(5));
            while (s.find()) {
                out.add(new Alternative(s.group(1), s.group(2), s.group(3), prio));
            }
        }
        return out;
    }
}
