package dev.odooimage.maven;

import org.apache.maven.plugins.annotations.Mojo;

import dev.odooimage.system.SystemLocker;

/**
 * Resolves system-runtime-packages.txt against the base image's dpkg database and the Debian
 * archive (InRelease signature and index hashes checked), as {@code apt-get install
 * --no-install-recommends} would, and writes system-packages.lock for review. The build never
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
            getLog().info(runtimePackagesFile + " asks for no package; writing an empty lock");
        }
        var lock = new SystemLocker(client(), getLog()::info).lock(requests, sources, base.installed(),
                systemLockFile.toPath());
        getLog().info("Locked " + lock.packages().size() + " Debian package(s) from " + String.join(", ",
                sources.stream().map(s -> s.url() + " " + s.suite()).toList()) + " for " + sources.get(0).arch()
                + " into " + systemLockFile);
    }
}
