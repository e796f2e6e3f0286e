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
public record SystemLock(String inputsSha256, Archive archive, List<Entry> packages) {
    public static final String FILE_NAME = "system-packages.lock";
    static final String REFRESH = "mvn odoo:system-lock";

    /** The archive state: where, which suite, components, architecture, and the InRelease it was. */
    public record Archive(String url, String suite, String codename, List<String> components, String arch,
            String inReleaseSha256, String date) {
    }

    /** One package of the layer: exact file (sha256, size), where to fetch it, and why it is there. */
    public record Entry(String name, String version, String arch, String sha256, long size, Optional<String> poolPath,
            Optional<String> url, String why) {
    }

    public String write() {
        StringBuilder body = new StringBuilder();
        body.append("Inputs-Sha256: ").append(inputsSha256).append('\n');
        body.append("Archive: ").append(archive.url()).append('\n');
        body.append("Suite: ").append(archive.suite()).append('\n');
        body.append("Codename: ").append(archive.codename()).append('\n');
        body.append("Components: ").append(String.join(" ", archive.components())).append('\n');
        body.append("Architecture: ").append(archive.arch()).append('\n');
        body.append("InRelease-Sha256: ").append(archive.inReleaseSha256()).append('\n');
        body.append("InRelease-Date: ").append(archive.date()).append('\n');
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
            Archive a = new Archive(h.require("Archive"), h.require("Suite"), h.require("Codename"),
                    Arrays.asList(h.require("Components").split("\\s+")), h.require("Architecture"),
                    h.require("InRelease-Sha256"), h.require("InRelease-Date"));
            List<Entry> entries = new ArrayList<>();
            for (Deb822 p : paragraphs.subList(1, paragraphs.size())) {
                entries.add(new Entry(p.require("Package"), p.require("Version"), p.require("Architecture"),
                        p.require("SHA256"), Long.parseLong(p.require("Size")), p.get("Filename"), p.get("URL"),
                        p.require("Why")));
            }
            return Optional.of(new SystemLock(h.require("Inputs-Sha256"), a, List.copyOf(entries)));
        } catch (IllegalArgumentException e) {
            throw edited(file, e.getMessage());
        }
    }

    private static OdooImageException edited(Path file, String detail) {
        return new OdooImageException(file + " was edited by hand or damaged (" + detail + "): do not edit it;"
                + " restore it from git, or write it again with `" + REFRESH + "`");
    }
}
