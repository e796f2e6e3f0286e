package dev.odooimage.maven;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import dev.odooimage.system.BaseSystem;
import dev.odooimage.base.BaseReference;
import dev.odooimage.system.DerivedBaseImage;
import dev.odooimage.system.SystemLayerBuilder;
import dev.odooimage.system.SystemLock;
import dev.odooimage.system.SystemLocker;
import dev.odooimage.system.SystemRequests;

/**
 * Puts the locked Debian packages into the image: checks that system-packages.lock matches
 * system-runtime-packages.txt and the base (or re-resolves it with {@code -Dodoo.system.refresh}),
 * fetches the .debs by sha256 (cache first), writes the package layer and a base image tarball
 * with that layer on top, which Jib then builds on ({@code jib.from.image} is set for this build
 * only). Nothing happens when no package is asked for.
 */
@Mojo(name = "system-packages", defaultPhase = LifecyclePhase.PROCESS_RESOURCES, requiresProject = true,
        threadSafe = true)
public class SystemPackagesMojo extends AbstractSystemMojo {
    /** The project property Jib reads its base from; set for the rest of this build. */
    static final String JIB_FROM = BaseReference.JIB_FROM_IMAGE;
    /** The base as configured, kept for the image's labels when Jib builds on the derived tarball. */
    public static final String DERIVED_FROM = BaseReference.DERIVED_FROM;

    /** Re-resolve the lock from the archive before building (writes system-packages.lock for review). */
    @Parameter(property = "odoo.system.refresh", defaultValue = "false")
    protected boolean refresh;

    /** Skip the Debian packages entirely (the image gets none). */
    @Parameter(property = "odoo.systemPackages.skip", defaultValue = "false")
    protected boolean skip;

    @Override
    protected void run() {
        Path dir = workDirectory.toPath().resolve("system");
        Path derived = dir.resolve("base-with-packages.tar");
        if (skip) {
            getLog().info("odoo.systemPackages.skip: no Debian packages added");
            return;
        }
        SystemRequests requests = requests();
        Optional<SystemLock> existing = SystemLock.read(systemLockFile.toPath());
        if (requests.isEmpty() && existing.map(l -> l.packages().isEmpty()).orElse(true) && !refresh) {
            clean(dir);
            return;
        }
        BaseSystem base = base();
        if (!refresh && existing.isEmpty() && SystemLocker.allInBase(requests, base.installed())) {
            getLog().info("The base image has all " + requests.requests().size() + " package(s) of "
                    + systemRuntimePackagesFile.getName() + ": no package layer, no lock needed");
            clean(dir);
            return;
        }
        var sources = sources(base);
        String digest = SystemLocker.inputsDigest(requests, sources, base.dpkgStatus());
        SystemLock lock = refresh
                ? new SystemLocker(client(), getLog()::info).lock(requests, sources, base.installed(),
                        systemLockFile.toPath())
                : SystemLocker.check(systemLockFile.toPath(), requests, digest).orElse(null);
        if (lock == null || lock.packages().isEmpty()) {
            clean(dir);
            return;
        }
        SystemLayerBuilder.Layer layer = new SystemLayerBuilder(client(), mirrors(), getLog()::info, getLog()::warn)
                .build(lock, base, dir, Instant.ofEpochSecond(1), () -> BaseSystemReader.tree(files())).orElseThrow();
        BaseReference ref = baseReference();
        Path baseTar = baseTarball(systemCacheDirectory.toPath().resolve("bases"));
        long t0 = System.nanoTime();
        boolean written = DerivedBaseImage.write(baseTar, layer.tar(), layer.diffId(),
                DerivedBaseImage.COMMENT_PREFIX + ": " + layer.packages() + " from " + systemLockFile.getName(), derived);
        mavenProject.getProperties().setProperty(JIB_FROM, "tar://" + derived.toAbsolutePath());
        if (session != null && session.getUserProperties().containsKey(JIB_FROM)) {
            // Jib reads -Djib.from.image before the project's properties.
            session.getUserProperties().setProperty(JIB_FROM, "tar://" + derived.toAbsolutePath());
        }
        mavenProject.getProperties().setProperty(DERIVED_FROM, ref.reference());
        getLog().info("Jib builds on " + derived + " (" + ref.reference() + " + the package layer, "
                + (written ? "written in " + (System.nanoTime() - t0) / 1_000_000 + " ms" : "up to date") + ")");
    }

    /** Removes what this goal wrote; other steps' files in the directory (library-providers.properties) stay. */
    private static void clean(Path dir) {
        try {
            if (Files.isDirectory(dir)) {
                // library-providers.properties comes from the Python goals' builder, not from here
                try (var s = Files.list(dir)) {
                    for (Path p : s.toList()) {
                        if (!p.getFileName().toString().equals(dev.odooimage.system.LibraryProviders.FILE_NAME)) {
                            dev.odooimage.util.AtomicFiles.deleteRecursively(p);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
