package dev.odooimage.its;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.odooimage.its.ImageTarball.Layer;
import dev.odooimage.its.kit.ArchetypeProject;
import dev.odooimage.its.kit.ContainerEngine;
import dev.odooimage.its.kit.FixtureOdoo;
import dev.odooimage.its.kit.GitFixtures;
import dev.odooimage.its.kit.ItWork;
import dev.odooimage.its.kit.LocalRegistry;
import dev.odooimage.its.kit.MavenRunner;
import dev.odooimage.its.kit.Procs;
import dev.odooimage.its.kit.Skips;
import dev.odooimage.its.kit.TestBaseImage;

/**
 * {@code odoo:bytecode}: the venv and the aggregated sources compiled by the base image's own
 * interpreter (podman, the Debian test base served by a registry on 127.0.0.1), shipped as one
 * layer with each tree, used by Python in the read-only image, reproducible, and recompiled only
 * for the files that changed (byte for byte what a whole compile gives).
 *
 * <p>The pipeline files are prepared as odoo:aggregate and odoo:python-env leave them (real
 * clones of the fixture repositories, a real venv with psycopg2-binary from PyPI, the content
 * digests in src.json and the python-env stamp); a module that makes CPython print a
 * SyntaxWarning when it compiles it is added to Odoo ({@code odoo/__init__.py} imports it) and to
 * the venv, as num2words and xlsxwriter do on the real Odoo.
 */
class BytecodeIT {
    static final String SERIES = "17.0";
    static final String WARNS = "def check(x):\n    return x is 1\n";
    static final String PYC_ODOO = "opt/odoo/src/odoo/odoo/__pycache__/warns.cpython-311.pyc";
    static final String PYC_VENV =
            "opt/odoo/venv/lib/python3.11/site-packages/acme_dep/__pycache__/__init__.cpython-311.pyc";
    static final String[] GOALS = {"odoo:bytecode", "odoo:prepare-image", "jib:buildTar",
        "-Djib.allowInsecureRegistries=true"};

    @Test
    void compiledOnceUsedByTheImageReproducibleAndIncremental() throws Exception {
        Skips.require(TestBaseImage.unavailableReason());
        InstalledPlugin.require(List.of("bytecode", "prepare-image"), List.of("dev.odooimage.image.OdooJibExtension"));
        Path work = ItWork.dir(BytecodeIT.class, "run");
        String pulled = null;
        try (ContainerEngine engine = ContainerEngine.detect().assumeAvailable();
                LocalRegistry registry = LocalRegistry.start()) {
            LocalRegistry.Pushed base = TestBaseImage.get().pushTo(registry);
            pulled = base.pinned();
            GitFixtures fixtures = GitFixtures.create(work.resolve("repos"), SERIES);
            Path project = ArchetypeProject.generate(work, "acme-odoo", Map.of("odooVersion", SERIES,
                    "baseImage", base.pinned(), "registry", registry.host(), "imageName", "acme/odoo",
                    "pythonVersion", "3.11", "pythonInterpreter", "/usr/bin/python3.11", "debianRelease", "bookworm"));
            Files.writeString(project.resolve("repos.yaml"), fixtures.aggregateYaml("./odoo", "odoo", GitFixtures.ODOO)
                    + fixtures.aggregateYaml("./oca-tools", "oca", GitFixtures.OCA_TOOLS));
            MavenRunner maven = MavenRunner.fromSystemProperties().offline(false).withTimeout(Duration.ofMinutes(15));
            maven.run(project, work.resolve("lock.log"), "odoo:lock").assertSuccess();
            preparePipelineFiles(project, fixtures, work);

            // 1. First build: every tree compiled in the base image.
            maven.run(project, work.resolve("build-1.log"), GOALS).assertSuccess()
                    .assertOutputContains("odoo:bytecode: compiling venv, src/odoo, src/oca-tools with"
                            + " /usr/bin/python3.11")
                    .assertOutputContains("SyntaxWarning(s) at compile time");
            ImageTarball first = ImageTarball.read(project.resolve("target/jib-image.tar"));
            String digest1 = digest(project);
            // skeleton, venv, odoo, oca-tools, addons_path: each tree's .pyc in the tree's own layer.
            List<Layer> ours = first.topLayers(5);
            assertTrue(ImageIT.names(ours.get(1)).contains(PYC_VENV), ImageIT.names(ours.get(1)).toString());
            assertTrue(ImageIT.names(ours.get(2)).contains(PYC_ODOO), ImageIT.names(ours.get(2)).toString());
            assertTrue(ImageIT.names(ours.get(2)).contains("opt/odoo/src/odoo/odoo/warns.py"));
            assertTrue(ImageIT.names(ours.get(3)).stream().anyMatch(
                    n -> n.startsWith("opt/odoo/src/oca-tools/tools_base/__pycache__/__init__.cpython-311")));
            for (int i : new int[] {1, 2, 3}) {
                for (ImageTarball.Entry e : ours.get(i).entries()) {
                    assertEquals(0, e.uid(), e.name());
                    assertTrue(e.mtime() <= 1, e.name());
                }
            }
            assertFalse(ImageIT.names(ours.get(4)).stream().anyMatch(n -> n.contains("__pycache__")));
            assertFalse(Files.exists(project.resolve("target/odoo/src/odoo/odoo/__pycache__")),
                    "target/odoo/src is never written to");
            // Hash-based, unchecked: flags word 0b01 after the magic number (PEP 552).
            byte[] pyc = file(ours.get(2), PYC_ODOO);
            assertEquals(1, pyc[4] & 0xff, "pyc flags");

            // 2. No-op: nothing compiled again, no container started.
            maven.run(project, work.resolve("noop.log"), "odoo:bytecode").assertSuccess()
                    .assertOutputContains("odoo:bytecode: bytecode up to date (3 trees)");

            // 3. The image uses them: the read-only code is not compiled at start, no SyntaxWarning.
            String withPyc = engine.load(project.resolve("target/jib-image.tar"));
            Procs.Result used = importVerbose(engine, withPyc);
            assertEquals(0, used.exitCode(), used.output());
            assertTrue(used.output().contains("code object from '/" + PYC_ODOO + "'"), used.output());
            assertTrue(used.output().contains("code object from '/" + PYC_VENV + "'"), used.output());
            assertTrue(used.output().contains(
                    "code object from '/opt/odoo/venv/lib/python3.11/site-packages/psycopg2/__pycache__/__init__"),
                    used.output());
            assertFalse(used.output().contains("SyntaxWarning"), used.output());
            Procs.Result version = engine.runRm(List.of(withPyc, "--version"), Duration.ofMinutes(2));
            assertEquals(0, version.exitCode(), version.output());
            assertTrue(version.output().contains("Odoo Server " + SERIES), version.output());
            assertFalse(version.output().contains("SyntaxWarning"), version.output());

            // 4. Same inputs, compiled again from another directory under umask 077: same digest.
            Path copy = work.resolve("elsewhere/second-checkout");
            ImageIT.copyTree(project, copy);
            Procs.run("rm", "-rf", copy.resolve("target/odoo/bytecode").toString()).orThrow();
            ImageIT.restrictPermissions(copy);
            maven.run(copy, work.resolve("build-2.log"), GOALS).assertSuccess()
                    .assertOutputContains("odoo:bytecode: compiling venv, src/odoo, src/oca-tools");
            assertEquals(digest1, digest(copy), "same inputs, same digest with the .pyc");

            // 5. A new commit changes one repository: one .py changed, one added, one deleted. Only
            // those two are compiled again, the other .pyc are reused, and only that one layer changes.
            Path oca = project.resolve("target/odoo/src/oca-tools");
            Files.writeString(oca.resolve("tools_base/extra.py"), "VALUE = 2\n");
            Files.writeString(oca.resolve("tools_base/kept.py"), "# changed\n", StandardOpenOption.APPEND);
            Files.delete(oca.resolve("tools_base/gone.py"));
            Path srcJson = project.resolve("target/odoo/src.json");
            Files.writeString(srcJson, Files.readString(srcJson).replace("\"oca-1\"", "\"oca-2\""));
            maven.run(project, work.resolve("build-3.log"), GOALS).assertSuccess()
                    .assertOutputContains("odoo:bytecode: compiling src/oca-tools (2 changed .py) with")
                    .assertOutputContains("odoo:bytecode: src/oca-tools: 2 changed .py of ")
                    .assertOutputContains(", 2 .pyc compiled, ");
            ImageTarball third = ImageTarball.read(project.resolve("target/jib-image.tar"));
            List<String> before = diffIds(first);
            List<String> after = diffIds(third);
            assertEquals(before.size(), after.size());
            List<Integer> changed = new ArrayList<>();
            for (int i = 0; i < before.size(); i++) {
                if (!before.get(i).equals(after.get(i))) {
                    changed.add(i);
                }
            }
            int n = before.size();
            assertEquals(List.of(n - 2), changed, "only the oca-tools layer (sources and .pyc)");
            List<String> ocaLayer = ImageIT.names(third.topLayers(2).get(0));
            assertTrue(ocaLayer.contains("opt/odoo/src/oca-tools/tools_base/__pycache__/extra.cpython-311.pyc"));
            assertFalse(ocaLayer.stream().anyMatch(x -> x.contains("__pycache__/gone.")), "a deleted file's .pyc goes");
            String incremental = digest(project);
            Map<String, String> incrementalPyc = tree(project.resolve("target/odoo/bytecode/src/oca-tools"));

            // The incremental compile gives what a whole compile of the new sources gives, byte for byte.
            Procs.run("rm", "-rf", project.resolve("target/odoo/bytecode").toString()).orThrow();
            maven.run(project, work.resolve("build-4.log"), GOALS).assertSuccess()
                    .assertOutputContains("odoo:bytecode: compiling venv, src/odoo, src/oca-tools with");
            assertEquals(incrementalPyc, tree(project.resolve("target/odoo/bytecode/src/oca-tools")));
            assertEquals(incremental, digest(project), "incremental and whole compile: the same image");

            // 5b. A change without .py files (XML, data): every .pyc is reused, no container starts.
            Files.writeString(project.resolve("target/odoo/src/odoo/odoo/notes.xml"), "<odoo/>\n");
            Files.writeString(srcJson, Files.readString(srcJson).replace("\"odoo-1\"", "\"odoo-2\""));
            MavenRunner.Result xml = maven.run(project, work.resolve("build-5.log"), GOALS).assertSuccess()
                    .assertOutputContains("odoo:bytecode: src/odoo: 0 changed .py of ");
            assertFalse(xml.output().contains("odoo:bytecode: compiling"), xml.output());

            // 6. Switched off: no .pyc, and Python compiles (and warns) at every start again.
            maven.run(project, work.resolve("skip.log"), "odoo:bytecode", "odoo:prepare-image", "jib:buildTar",
                    "-Djib.allowInsecureRegistries=true", "-Dodoo.bytecode.skip=true").assertSuccess()
                    .assertOutputContains("odoo:bytecode skipped");
            assertNotEquals(digest1, digest(project));
            String without = engine.load(project.resolve("target/jib-image.tar"));
            Procs.Result compiled = importVerbose(engine, without);
            assertEquals(0, compiled.exitCode(), compiled.output());
            assertTrue(compiled.output().contains("SyntaxWarning"), compiled.output());
            assertFalse(compiled.output().contains("code object from '/" + PYC_ODOO + "'"), compiled.output());
        } finally {
            // The goal pulled the base by its registry name; take that name (only) away again.
            try (ContainerEngine e = ContainerEngine.detect()) {
                if (pulled != null && e.available()) {
                    e.removeName(pulled);
                }
            }
        }
    }

    /** {@code python -v}, as the image user, importing Odoo and the venv modules. */
    static Procs.Result importVerbose(ContainerEngine engine, String image) {
        return engine.runRm(List.of("--entrypoint", "/opt/odoo/venv/bin/python", image, "-v", "-c",
                "import sys; sys.path.insert(0, '/opt/odoo/src/odoo'); import odoo, acme_dep"), Duration.ofMinutes(2));
    }

    static void preparePipelineFiles(Path project, GitFixtures fixtures, Path work) throws Exception {
        Path odoo = project.resolve("target/odoo");
        FixtureOdoo.clone(fixtures.fileUrl(GitFixtures.ODOO), SERIES, odoo.resolve("src/odoo"));
        FixtureOdoo.clone(fixtures.fileUrl(GitFixtures.OCA_TOOLS), SERIES, odoo.resolve("src/oca-tools"));
        Files.writeString(odoo.resolve("src/oca-tools/tools_base/kept.py"), "KEPT = 1\n");
        Files.writeString(odoo.resolve("src/oca-tools/tools_base/gone.py"), "GONE = 1\n");
        Files.writeString(odoo.resolve("src/odoo/odoo/warns.py"), WARNS);
        Files.writeString(odoo.resolve("src/odoo/odoo/__init__.py"), "from . import warns  # noqa\n",
                StandardOpenOption.APPEND);
        // The content digests odoo:aggregate records (it checks them against the disk).
        Files.writeString(odoo.resolve("src.json"), """
                {"format": 1, "aggregates": [
                  {"path": "./odoo", "dir": "odoo", "digest": "odoo-1"},
                  {"path": "./oca-tools", "dir": "oca-tools", "digest": "oca-1"}
                ]}
                """);
        Files.writeString(odoo.resolve("addons_path"),
                "/opt/odoo/src/odoo/odoo/addons,/opt/odoo/src/odoo/addons,/opt/odoo/src/oca-tools\n");
        Path venv = odoo.resolve("venv");
        Procs.run("/usr/bin/python3", "-m", "venv", "--without-pip", venv.toString()).orThrow();
        Path wheels = Files.createDirectories(work.resolve("wheels"));
        Procs.run("/usr/bin/python3", "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
                "--platform", "manylinux2014_x86_64", "--python-version", "3.11", "--implementation", "cp",
                "--abi", "cp311", "-d", wheels.toString(), "psycopg2-binary==2.9.10").orThrow();
        Path site = venv.resolve("lib/python3.11/site-packages");
        try (Stream<Path> s = Files.list(wheels)) {
            for (Path wheel : s.filter(p -> p.toString().endsWith(".whl")).toList()) {
                ImageIT.unzip(wheel, site);
            }
        }
        Files.createDirectories(site.resolve("acme_dep"));
        Files.writeString(site.resolve("acme_dep/__init__.py"), WARNS);
        Files.createDirectories(odoo.resolve("stamps"));
        Files.writeString(odoo.resolve("stamps/python-env"), "venv-1\n", StandardCharsets.UTF_8);
    }

    static String digest(Path project) throws Exception {
        return Files.readString(project.resolve("target/jib-image.digest")).trim();
    }

    static List<String> diffIds(ImageTarball image) {
        List<String> ids = new ArrayList<>();
        image.config.get("rootfs").get("diff_ids").forEach(d -> ids.add(d.asText()));
        return ids;
    }

    /** The bytes of {@code name} in a layer's uncompressed tar. */
    static byte[] file(Layer layer, String name) throws Exception {
        try (var in = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
                new java.io.ByteArrayInputStream(layer.tar()))) {
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().equals(name)) {
                    return in.readAllBytes();
                }
            }
        }
        throw new AssertionError(name + " not in " + layer.file());
    }

    /** Every file under {@code dir}: relative path -> sha256 of its bytes. */
    static Map<String, String> tree(Path dir) throws Exception {
        Map<String, String> out = new java.util.TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(p).toString(), java.util.HexFormat.of().formatHex(
                        java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
            }
        }
        return out;
    }
}
