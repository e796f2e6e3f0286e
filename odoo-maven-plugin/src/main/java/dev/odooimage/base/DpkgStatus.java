package dev.odooimage.base;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The dpkg database of a base image: {@code /var/lib/dpkg/status}, and the one-file-per-package
 * {@code /var/lib/dpkg/status.d/} of distroless images. Only stanzas whose {@code Status} ends in
 * {@code installed} count (distroless stanzas have no Status and are installed by definition).
 */
public final class DpkgStatus {

    /**
     * One installed package.
     *
     * @param name         {@code Package}
     * @param version      {@code Version}, e.g. {@code 2.36-9+deb12u10}
     * @param architecture {@code Architecture}, e.g. {@code amd64} or {@code all}
     * @param fields       every field of the stanza, in order (continuation lines joined by newlines)
     */
    public record Package(String name, String version, String architecture, Map<String, String> fields) {
        /** The upstream part of the version: no epoch, no Debian revision ({@code 2.36-9+deb12u10} gives {@code 2.36}). */
        public String upstreamVersion() {
            String v = version.contains(":") ? version.substring(version.indexOf(':') + 1) : version;
            int dash = v.lastIndexOf('-');
            return dash > 0 ? v.substring(0, dash) : v;
        }
    }

    private final Map<String, Package> packages;

    private DpkgStatus(Map<String, Package> packages) {
        this.packages = packages;
    }

    /** The image's database; empty (no package) when the image has none. */
    public static DpkgStatus of(BaseImageFiles files) {
        Map<String, Package> packages = new LinkedHashMap<>();
        files.readString("/var/lib/dpkg/status").ifPresent(s -> parse(s, packages));
        for (String name : files.list("/var/lib/dpkg/status.d")) {
            if (!name.endsWith(".md5sums")) {
                files.readString("/var/lib/dpkg/status.d/" + name).ifPresent(s -> parse(s, packages));
            }
        }
        return new DpkgStatus(packages);
    }

    /** Parses status file text (RFC 822-like stanzas). */
    public static DpkgStatus parse(String text) {
        Map<String, Package> packages = new LinkedHashMap<>();
        parse(text, packages);
        return new DpkgStatus(packages);
    }

    private static void parse(String text, Map<String, Package> into) {
        for (String stanza : text.split("\n\\s*\n")) {
            Map<String, String> fields = new LinkedHashMap<>();
            String last = null;
            for (String line : stanza.split("\n")) {
                if ((line.startsWith(" ") || line.startsWith("\t")) && last != null) {
                    fields.put(last, fields.get(last) + "\n" + line.substring(1));
                } else if (line.indexOf(':') > 0) {
                    last = line.substring(0, line.indexOf(':'));
                    fields.put(last, line.substring(line.indexOf(':') + 1).strip());
                }
            }
            String name = fields.get("Package");
            String status = fields.getOrDefault("Status", "install ok installed");
            if (name != null && status.endsWith(" installed")) {
                String arch = fields.getOrDefault("Architecture", "");
                Package p = new Package(name, fields.getOrDefault("Version", ""), arch, Map.copyOf(fields));
                into.put(name, p);
                if (!arch.isEmpty()) {
                    into.put(name + ":" + arch, p);
                }
            }
        }
    }

    /** The installed package {@code name} (or {@code name:arch}). */
    public Optional<Package> installed(String name) {
        return Optional.ofNullable(packages.get(name));
    }

    /** Every installed package, once each, in file order. */
    public List<Package> packages() {
        return new ArrayList<>(new java.util.LinkedHashSet<>(packages.values()));
    }

    public boolean isEmpty() {
        return packages.isEmpty();
    }
}
