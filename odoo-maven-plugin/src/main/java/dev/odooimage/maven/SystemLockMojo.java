package dev.odooimage.maven;

import org.apache.maven.plugins.annotations.Mojo;

import dev.odooimage.system.BuildPackagesLock;
import dev.odooimage.system.SystemLocker;
import dev.odooimage.system.SystemRequests;

/**
 * Resolves system-runtime-packages.txt against the base image's dpkg database and the Debian
 * archive (InRelease signature and index hashes checked), as {@code apt-get install
 * --no-install-recommends} would, and writes system-packages.lock for review; likewise
 * system-build-packages.txt (the builder container's compilers and headers) into
 * system-build-packages.lock. The build never
 * resolves on its own: it uses the committed lock and fails when its inputs changed.
 */
@Mojo(name = "system-lock", requiresProject = true, threadSafe = true)
public class SystemLockMojo extends AbstractSystemMojo {

    @Override
    protected void run() {
        var base = base();
        var sources = sources(base);
        var requests = requests();
        if (requests.isEmpty()) {
            getLog().info(systemRuntimePackagesFile + " asks for no package; writing an empty lock");
        }
        var locker = new SystemLocker(client(), getLog()::info);
        var lock = locker.lock(requests, sources, base.installed(), systemLockFile.toPath());
        getLog().info("Locked " + lock.packages().size() + " Debian package(s) from " + String.join(", ",
                sources.stream().map(s -> s.url() + " " + s.suite()).toList()) + " for " + sources.get(0).arch()
                + " into " + systemLockFile);
        var build = SystemRequests.read(buildPackagesFile.toPath());
        if (build.isEmpty() && !buildLockFile.exists()) {
            return;
        }
        // The builder is the base + this lock alone: resolved against the base, not base + runtime.
        var buildLock = BuildPackagesLock.lock(locker, build, sources, base.installed(), buildLockFile.toPath());
        getLog().info("Locked " + buildLock.packages().size() + " build package(s) of the builder container into "
                + buildLockFile);
    }
}
