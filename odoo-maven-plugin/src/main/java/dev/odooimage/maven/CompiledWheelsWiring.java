package dev.odooimage.maven;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.odooimage.base.BaseFacts;
import dev.odooimage.container.SdistWheelBuilder;
import dev.odooimage.python.BuildRequirements;
import dev.odooimage.python.CompiledWheels;
import dev.odooimage.python.PythonTarget;
import dev.odooimage.system.ArchiveClient;
import dev.odooimage.system.ArchiveSource;
import dev.odooimage.system.BaseSystem;
import dev.odooimage.system.BuildPackagesLock;
import dev.odooimage.system.DerivedBaseImage;
import dev.odooimage.system.InReleaseVerifier;
import dev.odooimage.system.LibraryProviders;
import dev.odooimage.system.Sha256Cache;
import dev.odooimage.system.SystemLayerBuilder;
import dev.odooimage.system.SystemLock;
import dev.odooimage.system.SystemRequests;
import dev.odooimage.util.Digests;

/**
 * Wires the builder container of compiled sdists for the Python goals: the base image, the
 * committed build-packages lock (checked against system-build-packages.txt like the runtime
 * lock), and, only when a build must run, the builder image (base + build-packages layer,
 * {@code target/odoo/builder/builder-base.tar}). Everything is set up on first use: a lock
 * without compiled sdists, or a warm cache, reads no base and writes no layer.
 */
final class CompiledWheelsWiring implements CompiledWheels {
    private final AbstractPythonMojo mojo;
    private final PythonTarget target;
    private SdistWheelBuilder delegate;

    CompiledWheelsWiring(AbstractPythonMojo mojo, PythonTarget target) {
        this.mojo = mojo;
        this.target = target;
    }

    private SdistWheelBuilder delegate() {
        if (delegate == null) {
            delegate = create();
        }
        return delegate;
    }

    @Override
    public Optional<String> unavailable() {
        return delegate().unavailable();
    }

    @Override
    public String inputsKey() {
        return delegate().inputsKey();
    }

    @Override
    public Built build(Path sdist, String sdistSha256, List<BuildRequirements.Pinned> requires,
            List<Path> requireFiles, String what) {
        return delegate().build(sdist, sdistSha256, requires, requireFiles, what);
    }

    private SdistWheelBuilder create() {
        BaseFacts facts = mojo.baseFacts();
        BaseSystem base = BaseSystemReader.read(facts);
        SystemRequests requests = SystemRequests.read(mojo.buildPackagesFile.toPath());
        ArchiveSettings archives = ArchiveSettings.fromProperties(mojo::property);
        List<ArchiveSource> sources = archives.sources(base);
        Path lockFile = mojo.buildLockFile.toPath();
        Optional<SystemLock> lock = BuildPackagesLock.check(lockFile, requests, sources, base.dpkgStatus());
        String key = "base " + facts.digest() + "\nbuild-packages " + lock.map(BuildPackagesLock::digest)
                .orElse("none");
        Path work = mojo.workDirectory.toPath().resolve("builder");
        List<String> names = requests.requests().stream().map(SystemRequests.Request::spelling).toList();
        return new SdistWheelBuilder(mojo.engines(), () -> builderImage(base, lock, work, archives), Digests
                .sha256Hex(key), target, mojo.cacheDirectory.toPath().resolve("compiled"), work.resolve("runs"),
                mojo.workDirectory.toPath().resolve("system").resolve(LibraryProviders.FILE_NAME), names,
                Duration.ofMinutes(mojo.buildTimeout), mojo.getLog()::info);
    }

    private SdistWheelBuilder.BuilderImage builderImage(BaseSystem base,
            Optional<SystemLock> lock, Path work, ArchiveSettings archives) {
        Path baseTar = mojo.baseTarball(mojo.systemCacheDirectory.toPath().resolve("bases"));
        if (lock.isEmpty() || lock.get().packages().isEmpty()) {
            mojo.getLog().info("The builder container is the base image alone (system-build-packages.txt asks for"
                    + " nothing)");
            return new SdistWheelBuilder.BuilderImage(baseTar, Map.of());
        }
        ArchiveClient client = new ArchiveClient(new Sha256Cache(mojo.systemCacheDirectory.toPath()),
                InReleaseVerifier.debianArchiveKeys());
        SystemLayerBuilder.Layer layer = new SystemLayerBuilder(client, archives.mirrors(), mojo.getLog()::info,
                mojo.getLog()::debug).build(lock.get(), base, work.resolve("layer"), Instant.ofEpochSecond(1))
                .orElseThrow();
        Path derived = work.resolve("builder-base.tar");
        DerivedBaseImage.write(baseTar, layer.tar(), layer.diffId(), "odoo builder packages: " + layer.packages()
                + " from " + BuildPackagesLock.FILE_NAME, derived);
        return new SdistWheelBuilder.BuilderImage(derived, LibraryProviders.read(layer.tar()));
    }
}
