package dev.odooimage.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Each static rule, broken alone, fails exactly its own check; the good image passes all. */
class ImageVerifierTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(TestImage.Format.class)
    void goodImagePassesEveryCheck(TestImage.Format format) throws Exception {
        GoodImage good = new GoodImage();
        VerifyReport report = new ImageVerifier().verify(good.write(tmp.resolve("img.tar"), format), good.options());
        for (CheckResult c : report.checks()) {
            assertEquals(CheckResult.Status.PASS, c.status(), c.id() + ": " + c.message());
        }
        assertEquals(14, report.checks().size());
        assertEquals(format.name().toLowerCase(), report.format());
        assertEquals(6, report.layers());
    }

    @Test
    void bytecodeInTheLayersOfTheirTreesPasses() throws Exception {
        GoodImage good = new GoodImage();
        good.bytecode = true;
        VerifyReport report = new ImageVerifier().verify(good.write(tmp.resolve("img.tar"), TestImage.Format.OCI),
                good.options());
        assertTrue(report.failures().isEmpty(), () -> report.failures().toString());
        assertEquals(6, report.layers());
    }

    @ParameterizedTest
    @EnumSource(TestImage.Format.class)
    void plainLayersAreReadToo(TestImage.Format format) throws Exception {
        GoodImage good = new GoodImage();
        good.gzip = false;
        VerifyReport report = new ImageVerifier().verify(good.write(tmp.resolve("img.tar"), format), good.options());
        assertTrue(report.failures().isEmpty(), () -> report.failures().toString());
    }

    record Variant(String name, String failingCheck, String messagePart, Consumer<GoodImage> breakIt) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Variant> variants() {
        List<Variant> v = new ArrayList<>();
        v.add(new Variant("root user", "non-root-user", "root (uid 0)", g -> {
            g.user = "0:0";
            g.runUid = 0;
        }));
        v.add(new Variant("root by name", "non-root-user", "root (uid 0)", g -> {
            g.user = "root";
            g.runUid = 0;
        }));
        v.add(new Variant("no user", "non-root-user", "sets no User", g -> {
            g.user = null;
            g.runUid = 0;
        }));
        v.add(new Variant("entrypoint odoo-bin", "entrypoint", "expected [/usr/local/bin/odoo-run]",
                g -> g.entrypoint = List.of("/opt/odoo/src/odoo/odoo-bin")));
        v.add(new Variant("entrypoint not executable", "entrypoint", "not executable", g -> g.entrypointMode = 0644));
        v.add(new Variant("run dir 0755", "run-dir", "mode 0755", g -> g.runMode = 0755));
        v.add(new Variant("run dir owned by root", "run-dir", "owned by uid 0", g -> g.runUid = 0));
        v.add(new Variant("run dir missing", "run-dir", "missing", g -> g.createRunDir = false));
        v.add(new Variant(".git left in", "no-git", "/opt/odoo/src/oca/web/.git (layer 3)",
                g -> g.extra("oca-web", l -> l.file("/opt/odoo/src/oca/web/.git/HEAD", "ref: refs/heads/17.0\n"))));
        v.add(new Variant(".git file of a submodule", "no-git", "/opt/odoo/src/odoo/.git",
                g -> g.extra("odoo", l -> l.file("/opt/odoo/src/odoo/.git", "gitdir: ../.git/modules/odoo\n"))));
        v.add(new Variant("repos.lock.yaml copied", "no-build-inputs", "/opt/odoo/repos.lock.yaml",
                g -> g.extra("runtime", l -> l.file("/opt/odoo/repos.lock.yaml", "./odoo: {}\n"))));
        v.add(new Variant("repos.yaml in src", "no-build-inputs", "/opt/odoo/src/acme/repos.yaml",
                g -> g.extra("acme", l -> l.file("/opt/odoo/src/acme/repos.yaml", "./odoo: {}\n"))));
        v.add(new Variant("requirements lock copied", "no-build-inputs", "/opt/odoo/requirements.lock.txt",
                g -> g.extra("venv", l -> l.file("/opt/odoo/requirements.lock.txt", "lxml==5.2.1\n"))));
        v.add(new Variant("requirements file in /tmp", "no-build-inputs", "/tmp/requirements-dev.txt",
                g -> g.extra("runtime", l -> l.file("/tmp/requirements-dev.txt", "pytest\n"))));
        v.add(new Variant("lock deleted by a later layer", "no-build-inputs", "/etc/repos.lock.yaml (layer 0)", g -> {
            g.extra("base", l -> l.file("/etc/repos.lock.yaml", "./odoo: {}\n"));
            g.extra("runtime", l -> l.remove("/etc/repos.lock.yaml"));
        }));
        v.add(new Variant("pip cache", "no-pip-cache", "/root/.cache/pip",
                g -> g.extra("venv", l -> l.file("/root/.cache/pip/http/a/b/c", "cached wheel"))));
        v.add(new Variant("pip build dir", "no-pip-cache", "/tmp/pip-req-build-x1",
                g -> g.extra("venv", l -> l.file("/tmp/pip-req-build-x1/setup.py", ""))));
        v.add(new Variant("pip in the venv", "no-build-tools", "/opt/odoo/venv/bin/pip",
                g -> g.extra("venv", l -> l.exec("/opt/odoo/venv/bin/pip", "#!python\n"))));
        v.add(new Variant("git binary", "no-build-tools", "/usr/bin/git",
                g -> g.extra("base", l -> l.exec("/usr/bin/git", "ELF"))));
        v.add(new Variant("addons_path missing in image", "addons-path", "missing from the image",
                g -> g.imageAddonsPath = null));
        v.add(new Variant("addons_path stale", "addons-path", "differs from the build",
                g -> g.buildAddonsPath = GoodImage.ADDONS_PATH + ",/opt/odoo/src/oca/server-tools"));
        v.add(new Variant("addons_path entry missing", "addons-path", "/opt/odoo/src/oca/ux is not a directory", g -> {
            g.imageAddonsPath = GoodImage.ADDONS_PATH + ",/opt/odoo/src/oca/ux";
            g.buildAddonsPath = g.imageAddonsPath;
        }));
        v.add(new Variant("odoo roots without addons", "addons-path", "/opt/odoo/src/odoo/odoo/addons holds no addon",
                g -> g.coreAddons = false));
        v.add(new Variant("build package installed", "build-packages-absent", "gcc (dpkg status: install ok installed)",
                g -> g.dpkgStatus = GoodImage.DPKG_STATUS + "\nPackage: gcc\nStatus: install ok installed\n"));
        v.add(new Variant("build package files left", "build-packages-absent", "libpq-dev (file /usr/include/libpq-fe.h)",
                g -> g.extra("base", l -> l.file("/usr/include/libpq-fe.h", "/* header */"))));
        v.add(new Variant("runtime package missing", "runtime-packages-present", "libpq5 (not known to dpkg)",
                g -> g.dpkgStatus = GoodImage.DPKG_STATUS.replace("Package: libpq5", "Package: libpq4")));
        v.add(new Variant("runtime package files removed", "runtime-packages-present", "none of its 1 files",
                g -> {
                    g.extra("runtime", l -> l.remove("/usr/lib/x86_64-linux-gnu/libpq.so.5"));
                    // (psycopg2 would miss it too: that is the next variant's check)
                    g.extra("venv", l -> l.file(GoodImage.PSYCOPG_SO, "not linked"));
                }));
        v.add(new Variant("library of a venv extension missing", "shared-libraries", GoodImage.PSYCOPG_SO
                + ": libc.so.6 is not found in the image",
                g -> g.extra("runtime", l -> l.remove("/usr/lib/x86_64-linux-gnu/libc.so.6"))));
        v.add(new Variant("repos lock label stale", "lock-labels", "the tarball was built from other locks",
                g -> g.labels.put(VerifyOptions.REPOS_LOCK_LABEL, "sha256:" + "cc".repeat(32))));
        v.add(new Variant("python lock label missing", "lock-labels", "label " + VerifyOptions.PYTHON_LOCK_LABEL
                + " is missing", g -> g.labels.remove(VerifyOptions.PYTHON_LOCK_LABEL)));
        v.add(new Variant("repository over two layers", "lock-layers", "spread over layers [3, 4]",
                g -> g.splitOcaWeb = true));
        v.add(new Variant("venv and sources mixed", "lock-layers", "spread over layers [2, 5]",
                g -> g.venvWithOdoo = true));
        v.add(new Variant("bytecode in a layer of its own", "lock-layers", "locked repository /opt/odoo/src/odoo is"
                + " spread over layers", g -> g.bytecodeSeparate = true));
        v.add(new Variant("unlocked source", "lock-layers", "/opt/odoo/src/old-repo (layer 4) is not a repository",
                g -> g.extra("acme", l -> l.file("/opt/odoo/src/old-repo/x.py", ""))));
        v.add(new Variant("secret in a gzip layer", "no-secrets",
                "settings.xml server 'nexus' password found in layer 1", g -> g.extra("runtime",
                        l -> l.file("/etc/odoo/odoo.conf", "[options]\ndb_password = " + GoodImage.SECRET + "\n"))));
        v.add(new Variant("secret in a file name", "no-secrets", "found in layer 5",
                g -> g.extra("venv", l -> l.file("/opt/odoo/venv/" + GoodImage.SECRET, "x"))));
        v.add(new Variant("secret in a label", "no-secrets", "found in ",
                g -> g.labels.put("build.token", GoodImage.SECRET)));
        v.add(new Variant("secret in a plain layer", "no-secrets", "found in layer 2", g -> {
            g.gzip = false;
            g.extra("odoo", l -> l.file("/opt/odoo/src/odoo/.netrc", "password " + GoodImage.SECRET));
        }));
        return v;
    }

    static Stream<Arguments> cases() {
        return variants().stream().flatMap(v -> Stream.of(TestImage.Format.values()).map(f -> Arguments.of(v, f)));
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("cases")
    void eachBrokenRuleFailsExactlyItsCheck(Variant variant, TestImage.Format format) throws Exception {
        GoodImage g = new GoodImage();
        variant.breakIt().accept(g);
        VerifyReport report = new ImageVerifier().verify(g.write(tmp.resolve("img.tar"), format), g.options());
        Set<String> failing = report.failures().stream().map(CheckResult::id).collect(Collectors.toSet());
        assertEquals(Set.of(variant.failingCheck()), failing, () -> report.failures().toString());
        CheckResult failed = report.failures().get(0);
        String all = failed.message() + "\n" + String.join("\n", failed.details());
        assertTrue(all.contains(variant.messagePart()), () -> "'" + variant.messagePart() + "' not in: " + all);
        // The report names where a secret is, never the secret.
        assertFalse(report.toJson("odoo:verify").contains(GoodImage.SECRET));
        assertFalse(new String(report.toJUnitXml("odoo:verify").getBytes(StandardCharsets.UTF_8),
                StandardCharsets.UTF_8).contains(GoodImage.SECRET));
    }
}
