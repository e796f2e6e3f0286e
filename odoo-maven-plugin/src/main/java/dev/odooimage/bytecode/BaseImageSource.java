package dev.odooimage.bytecode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.odooimage.base.ImageReference;
import dev.odooimage.util.OdooImageException;
import dev.odooimage.verify.ContainerEngine;
import dev.odooimage.util.ProcessRunner;

/**
 * The base image as Jib takes it ({@code <from><image>}), made runnable by a container engine:
 * a registry reference ({@code repo:tag@sha256:...}, optionally {@code registry://}) is pulled,
 * a {@code tar://} docker or OCI archive is loaded, a {@code docker://} daemon image is used as
 * is. Registry credentials are the engine's own (its login), never passed on a command line.
 *
 * @param reference the reference as configured
 * @param allowInsecure Jib's {@code allowInsecureRegistries}: plain HTTP / unverified TLS is fine
 */
public record BaseImageSource(String reference, boolean allowInsecure) {
    private static final String TAR = "tar://";
    private static final String DOCKER = "docker://";
    private static final String REGISTRY = "registry://";

    public BaseImageSource {
        reference = reference == null ? null : reference.trim();
    }

    /** Checked only when something must be compiled: a no-op build does not need the base. */
    private String ref() {
        if (reference == null || reference.isEmpty() || reference.contains("${")) {
            throw new OdooImageException("odoo:bytecode needs the base image (property odoo.base.image or"
                    + " -Djib.from.image) to compile with the image's own interpreter; set it, or pass"
                    + " -Dodoo.bytecode.skip=true to build an image without .pyc");
        }
        return reference;
    }

    /**
     * What identifies the base's content for the bytecode stamp: the reference itself for a
     * registry image (pinned by digest, check-base insists), plus size and time for a tarball.
     */
    public String key() {
        String reference = ref();
        if (reference.startsWith(TAR)) {
            Path tar = tarball();
            try {
                return reference + " " + Files.size(tar) + " " + Files.getLastModifiedTime(tar).toMillis();
            } catch (IOException e) {
                throw new OdooImageException("base image tarball " + tar + " cannot be read: " + e.getMessage());
            }
        }
        return reference;
    }

    /** Makes the image available to {@code engine}; returns the reference to run it by. */
    public String resolve(ContainerEngine engine, Duration timeout) {
        String reference = ref();
        if (reference.startsWith(TAR)) {
            Path tar = tarball();
            if (!Files.isRegularFile(tar)) {
                throw new OdooImageException("base image tarball " + tar + " does not exist (from " + reference + ")");
            }
            return engine.load(tar);
        }
        if (reference.startsWith(DOCKER)) {
            return reference.substring(DOCKER.length());
        }
        String ref = reference.startsWith(REGISTRY) ? reference.substring(REGISTRY.length()) : reference;
        List<String> pull = new ArrayList<>(List.of("pull", "-q"));
        if (engine.name().startsWith("podman") && (allowInsecure || parse(ref).isLoopback())) {
            pull.add("--tls-verify=false"); // docker already treats 127.0.0.0/8 as insecure
        }
        pull.add(ref);
        ProcessRunner.Result r = engine.run(timeout, pull);
        if (!r.ok()) {
            throw new OdooImageException(engine.name() + " pull " + ref + " failed (needed to compile the .pyc with"
                    + " the base image's interpreter): " + r.tail(3) + ". Log the engine in to the registry (`"
                    + engine.name() + " login`), or pass -Dodoo.bytecode.skip=true");
        }
        return ref;
    }

    private Path tarball() {
        return Path.of(ref().substring(TAR.length()));
    }

    private static ImageReference parse(String ref) {
        try {
            return ImageReference.parse(ref, "base image");
        } catch (OdooImageException e) {
            return new ImageReference(ref, ImageReference.DOCKER_HUB, ref, null, null);
        }
    }
}
