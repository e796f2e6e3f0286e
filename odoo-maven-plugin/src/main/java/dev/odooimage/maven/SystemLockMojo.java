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
        var source = source(base);
        var requests = requests();
        if (requests.isEmpty()) {
            getLog().info(systemRuntimePackagesFile + " asks for no package; writing an empty lock");
        }
        var lock = new SystemLocker(client(), getLog()::info).lock(requests, source, base.installed(),
                systemLockFile.toPath());
        getLog().info("Locked " + lock.packages().size() + " Debian package(s) from " + source.url() + " "
                + source.suite() + " for " + source.arch() + " into " + systemLockFile);
    }
}
