package dev.odooimage.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import dev.odooimage.util.AtomicFiles;
import dev.odooimage.util.Digests;
import dev.odooimage.util.OdooImageException;

/**
 * {@code system-packages.lock}: a deb822 text (the format of apt's own indexes, easy to review
 * in a diff). The first paragraph names the archive state it was resolved from and the digest
 * of the inputs; then one paragraph per package. A {@code Lock-Sha256} over everything else
 * tells a hand-edited lock from a written one.
 */
public record SystemLock(String inputsSha256, List<Archive> archives, List<Entry> packages) {
    public static final String FILE_NAME = "system-packages.lock";
    static final String REFRESH = "mvn odoo:system-lock";

    public SystemLock {
        if (archives.isEmpty()) {
            throw new IllegalArgumentException("a lock names at least one archive");
        }
        archives = List.copyOf(archives);
        packages = List.copyOf(packages);
    }

    /** A lock of one archive source. */
    public SystemLock(String inputsSha256, Archive archive, List<Entry> packages) {
        this(inputsSha256, List.of(archive), packages);
    }

    /** The first archive source (the release). */
    public Archive archive() {
        return archives.get(0);
    }

    /** The archive a locked package comes from (its {@code From}, else the first). */
    public Archive archiveOf(Entry e) {
        return e.from().flatMap(f -> archives.stream().filter(a -> a.name().equals(f)).findFirst())
                .orElse(archive());
    }

    /** The archive state: where, which suite, components, architecture, and the InRelease it was. */
    public record Archive(String url, String suite, String codename, List<String> components, String arch,
            String inReleaseSha256, String date) {
        /** How packages name their source ({@code From:}): the codename ({@code bookworm-security}). */
        public String name() {
            return codename.isBlank() ? suite : codename;
        }
    }

    /**
     * One package of the layer: exact file (sha256, size), where to fetch it, why it is there, and
     * (with several archive sources) which one it comes from.
     */
    public record Entry(String name, String version, String arch, String sha256, long size, Optional<String> poolPath,
            Optional<String> url, String why, Optional<String> from) {
        public Entry(String name, String version, String arch, String sha256, long size, Optional<String> poolPath,
                Optional<String> url, String why) {
            this(name, version, arch, sha256, size, poolPath, url, why, Optional.empty());
        }
    }

    public String write() {
        StringBuilder body = new StringBuilder();
        body.append("Inputs-Sha256: ").append(inputsSha256).append('\n');
        boolean several = archives.size() > 1;
        if (several) {
            // one paragraph per archive source, as apt's deb822 sources
            body.append("Architecture: ").append(archive().arch()).append('\n');
        }
        for (Archive archive : archives) {
            if (several) {
                body.append('\n');
            }
            body.append("Archive: ").append(archive.url()).append('\n');
            body.append("Suite: ").append(archive.suite()).append('\n');
            body.append("Codename: ").append(archive.codename()).append('\n');
            body.append("Components: ").append(String.join(" ", archive.components())).append('\n');
            if (!several) {
                body.append("Architecture: ").append(archive.arch()).append('\n');
            }
            body.append("InRelease-Sha256: ").append(archive.inReleaseSha256()).append('\n');
            body.append("InRelease-Date: ").append(archive.date()).append('\n');
        }
        for (Entry e : packages) {
            body.append('\n');
            body.append("Package: ").append(e.name()).append('\n');
            body.append("Version: ").append(e.version()).append('\n');
            body.append("Architecture: ").append(e.arch()).append('\n');
            e.poolPath().ifPresent(p -> body.append("Filename: ").append(p).append('\n'));
            e.url().ifPresent(u -> body.append("URL: ").append(u).append('\n'));
            body.append("Size: ").append(e.size()).append('\n');
            body.append("SHA256: ").append(e.sha256()).append('\n');
            body.append("Why: ").append(e.why()).append('\n');
            if (several) {
                e.from().ifPresent(f -> body.append("From: ").append(f).append('\n'));
            }
        }
        return "# " + FILE_NAME + ": the Debian packages of the image, resolved by `" + REFRESH + "`.\n"
                + "# Review it and commit it. Do not edit it by hand: change system-runtime-packages.txt\n"
                + "# and run `" + REFRESH + "` (or the build with -Dodoo.system.refresh).\n"
                + "Lock-Sha256: " + Digests.sha256Hex(body.toString()) + "\n" + body;
    }

    public void writeTo(Path file) {
        AtomicFiles.writeString(file, write());
    }

    /** The lock in {@code file}; empty when the file is missing or has no paragraph. */
    public static Optional<SystemLock> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return parse(file, text);
    }

    static Optional<SystemLock> parse(Path file, String text) {
        List<Deb822> paragraphs;
        try {
            paragraphs = Deb822.parseAll(text);
        } catch (IllegalArgumentException e) {
            throw edited(file, e.getMessage());
        }
        if (paragraphs.isEmpty()) {
            return Optional.empty();
        }
        String stated = paragraphs.get(0).get("Lock-Sha256").orElseThrow(() -> edited(file, "no Lock-Sha256 line"));
        StringBuilder body = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (!line.startsWith("#") && !line.startsWith("Lock-Sha256:")) {
                body.append(line).append('\n');
            }
        }
        String bodyText = body.toString().replaceAll("\n+$", "\n");
        if (!Digests.sha256Hex(bodyText).equals(stated)) {
            throw edited(file, "its content does not match its Lock-Sha256");
        }
        try {
            Deb822 h = paragraphs.get(0);
            String arch = h.require("Architecture");
            List<Archive> archives = new ArrayList<>();
            List<Entry> entries = new ArrayList<>();
            for (Deb822 p : paragraphs) {
                if (p.get("Package").isPresent()) {
                    entries.add(new Entry(p.require("Package"), p.require("Version"), p.require("Architecture"),
                            p.require("SHA256"), Long.parseLong(p.require("Size")), p.get("Filename"), p.get("URL"),
                            p.require("Why"), p.get("From")));
                } else if (p.get("Archive").isPresent()) {
                    archives.add(new Archive(p.require("Archive"), p.require("Suite"), p.require("Codename"),
                            Arrays.asList(p.require("Components").split("\\s+")), arch,
                            p.require("InRelease-Sha256"), p.require("InRelease-Date")));
                }
            }
            if (archives.isEmpty()) {
                throw new IllegalArgumentException("no Archive paragraph");
            }
            return Optional.of(new SystemLock(h.require("Inputs-Sha256"), archives, entries));
        } catch (IllegalArgumentException e) {
            throw edited(file, e.getMessage());
        }
    }

    private static OdooImageException edited(Path file, String detail) {
        return new OdooImageException(file + " was edited by hand or damaged (" + detail + "): do not edit it;"
                + " restore it from git, or write it again with `" + REFRESH + "`");
    }
}
