package dev.odooimage.maven;

import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import dev.odooimage.system.ArchiveSource;
import dev.odooimage.system.BaseSystem;
import dev.odooimage.system.SystemLock;
import dev.odooimage.util.OdooImageException;

/**
 * Where Debian packages come from, as the {@code odoo.system.*} settings say: read one way by
 * the system goals (runtime lock and layer) and by the builder of compiled Python packages
 * (build lock and builder layer), so both locks see the same archives.
 *
 * @param archive         {@code odoo.system.archive}, or null for this machine's apt mirror
 * @param securityArchive {@code odoo.system.securityArchive}, or null for apt's security source
 * @param suite           {@code odoo.system.suite}, or null for the base's VERSION_CODENAME
 * @param suites          {@code odoo.system.suites}, or null for release, -updates, -security
 * @param components      {@code odoo.system.components}, or null for main
 * @param architecture    {@code odoo.system.architecture}, or null for the base's
 */
record ArchiveSettings(String archive, String securityArchive, String suite, String suites, String components,
        String architecture) {

    /** The settings from Maven properties (for goals that do not declare them as parameters). */
    static ArchiveSettings fromProperties(Function<String, String> property) {
        return new ArchiveSettings(property.apply("odoo.system.archive"), property.apply("odoo.system.securityArchive"),
                property.apply("odoo.system.suite"), property.apply("odoo.system.suites"),
                property.apply("odoo.system.components"), property.apply("odoo.system.architecture"));
    }

    /** The release suite of the archive. */
    ArchiveSource release(BaseSystem base) {
        String s = given(suite).orElseGet(() -> base.codename().orElseThrow(() -> new OdooImageException(
                "the base image names no VERSION_CODENAME in /etc/os-release: set <odoo.system.suite>"
                        + " (bookworm, trixie ...)")));
        String a = given(architecture).orElse(base.arch());
        if (!a.equals(base.arch())) {
            throw new OdooImageException("odoo.system.architecture is " + a + " but the base image is " + base.arch()
                    + ": packages must match the image; drop the setting or use a base of that architecture");
        }
        URI url = given(archive).map(URI::create).orElseGet(() -> ArchiveSource.aptMirror(Path.of("/etc/apt")));
        return new ArchiveSource(url, s, split(given(components).orElse("main")), a);
    }

    /** The archive sources to resolve from (release, -updates, -security by default). */
    List<ArchiveSource> sources(BaseSystem base) {
        ArchiveSource release = release(base);
        URI security = given(securityArchive).map(URI::create)
                .orElseGet(() -> ArchiveSource.aptSecurityMirror(Path.of("/etc/apt")));
        return ArchiveSource.defaults(release.url(), security, release.suite(), split(given(suites).orElse("")),
                release.components(), release.arch());
    }

    /**
     * Where to download a locked archive's packages from at build time: {@code odoo.system.archive}
     * or {@code odoo.system.securityArchive} when set (any mirror serving the same files), else the
     * URL in the lock.
     */
    Function<SystemLock.Archive, Optional<URI>> mirrors() {
        return a -> {
            boolean security = a.name().endsWith("-security") || a.suite().endsWith("-security");
            return given(security ? securityArchive : archive).map(URI::create);
        };
    }

    private static Optional<String> given(String value) {
        return Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty());
    }

    private static List<String> split(String list) {
        return Arrays.stream(list.split("[,\\s]+")).filter(x -> !x.isEmpty()).toList();
    }
}
