package dev.odooimage.verify;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A small image that satisfies every static rule, with knobs to break one rule at a time.
 * Layers: base OS, runtime scripts, one per locked repository (odoo, oca/web, acme), venv.
 */
final class GoodImage {
    static final String ADDONS_PATH =
            "/opt/odoo/src/odoo/odoo/addons,/opt/odoo/src/odoo/addons,/opt/odoo/src/oca/web,/opt/odoo/src/acme";
    static final String SECRET = "tok-3f9a1c77e2b5d";
    static final String REPOS_DIGEST = "sha256:" + "a1".repeat(32);
    static final String PYTHON_DIGEST = "sha256:" + "b2".repeat(32);
    static final String DPKG_STATUS = """
            Package: libc6
            Status: install ok installed
            Architecture: amd64

            Package: python3
            Status: install ok installed

            Package: libpq5
            Status: install ok installed

            Package: libpq-dev
            Status: deinstall ok config-files
            """;

    static final String PSYCOPG_SO =
            "/opt/odoo/venv/lib/python3.11/site-packages/psycopg2/_psycopg.cpython-311-x86_64-linux-gnu.so";

    /** Content of a package layer (odoo:system-packages) right above the base, when set. */
    Consumer<TestImage.Layer> packageLayer;
    String user = "1000:1000";
    int runUid = 1000;
    int runMode = 0700;
    boolean createRunDir = true;
    List<String> entrypoint = List.of("/usr/local/bin/odoo-run");
    int entrypointMode = 0755;
    String dpkgStatus = DPKG_STATUS;
    String imageAddonsPath = ADDONS_PATH;
    String buildAddonsPath = ADDONS_PATH;
    boolean coreAddons = true;
    boolean splitOcaWeb;
    boolean venvWithOdoo;
    /** The .pyc odoo:bytecode adds, in the layers of their trees (odoo, the venv). */
    boolean bytecode;
    /** Odoo's .pyc in a layer of their own, after the odoo layer (the layout before issue 20). */
    boolean bytecodeSeparate;
    boolean gzip = true;
    final Map<String, String> labels = new LinkedHashMap<>(Map.of(
            VerifyOptions.REPOS_LOCK_LABEL, REPOS_DIGEST, VerifyOptions.PYTHON_LOCK_LABEL, PYTHON_DIGEST));
    /** Extra content per layer name: base, runtime, odoo, oca-web, acme, venv. */
    final Map<String, List<Consumer<TestImage.Layer>>> extras = new HashMap<>();

    GoodImage extra(String layer, Consumer<TestImage.Layer> content) {
        extras.computeIfAbsent(layer, k -> new ArrayList<>()).add(content);
        return this;
    }

    Path write(Path file, TestImage.Format format) throws IOException {
        TestImage img = new TestImage();
        img.user = user;
        img.entrypoint = entrypoint;
        img.gzip = gzip;
        img.labels.putAll(labels);
        TestImage.Layer base = img.layer("base")
                .dir("/etc").dir("/run").symlink("/var/run", "/run")
                .file("/etc/passwd", "root:x:0:0:root:/root:/bin/bash\nodoo:x:1000:1000::/var/lib/odoo:/bin/sh\n")
                .file("/etc/group", "root:x:0:\nodoo:x:1000:\n")
                .file("/var/lib/dpkg/status", dpkgStatus)
                .file("/var/lib/dpkg/info/libpq5.list", "/.\n/usr/lib\n/usr/lib/x86_64-linux-gnu/libpq.so.5\n")
                .file("/var/lib/dpkg/info/libpq-dev.list", "/.\n/usr/include\n/usr/include/libpq-fe.h\n")
                .file("/usr/lib/x86_64-linux-gnu/libpq.so.5", "ELF")
                .file("/usr/lib/x86_64-linux-gnu/libc.so.6", "ELF")
                .exec("/usr/bin/python3.11", "ELF");
        if (packageLayer != null) {
            // as odoo:system-packages names it in the history (DerivedBaseImage)
            packageLayer.accept(img.layer("odoo system packages: 1 from system-packages.lock"));
        }
        TestImage.Layer runtime = img.layer("runtime")
                .dir("/usr/local/bin")
                .file("/usr/local/bin/odoo-run", "#!/bin/sh\nexec odoo\n".getBytes(), entrypointMode, 0)
                .exec("/usr/local/bin/odoo-init", "#!/bin/sh\n")
                .dir("/var/lib/odoo", 0700, 1000)
                .file("/etc/odoo/addons_path", imageAddonsPath == null ? "" : imageAddonsPath + "\n");
        if (imageAddonsPath == null) {
            runtime.entries.remove(runtime.entries.size() - 1);
        }
        if (createRunDir) {
            runtime.dir("/run/odoo", runMode, runUid);
        }
        TestImage.Layer odoo = img.layer("odoo")
                .dir("/opt/odoo/src/odoo")
                .exec("/opt/odoo/src/odoo/odoo-bin", "#!/usr/bin/env python3\n")
                .file("/opt/odoo/src/odoo/requirements.txt", "lxml==5.2.1\npsycopg2==2.9.9\n");
        if (coreAddons) {
            odoo.file("/opt/odoo/src/odoo/odoo/addons/base/__init__.py", "")
                    .file("/opt/odoo/src/odoo/odoo/addons/base/__manifest__.py", "{'name': 'Base'}")
                    .file("/opt/odoo/src/odoo/addons/web/__init__.py", "")
                    .file("/opt/odoo/src/odoo/addons/web/__manifest__.py", "{'name': 'Web'}");
        } else {
            odoo.dir("/opt/odoo/src/odoo/odoo/addons").dir("/opt/odoo/src/odoo/addons");
        }
        if (bytecode) {
            odoo.file("/opt/odoo/src/odoo/odoo/addons/base/__pycache__/__init__.cpython-311.pyc", "pyc");
        }
        if (bytecodeSeparate) {
            img.layer("odoo-pyc").dir("/opt/odoo/src/odoo").dir("/opt/odoo/src/odoo/odoo")
                    .file("/opt/odoo/src/odoo/odoo/addons/base/__pycache__/__init__.cpython-311.pyc", "pyc");
        }
        TestImage.Layer ocaWeb = img.layer("oca-web")
                .file("/opt/odoo/src/oca/web/web_tree/__init__.py", "")
                .file("/opt/odoo/src/oca/web/web_tree/__manifest__.py", "{'name': 'Tree'}");
        TestImage.Layer acme = img.layer("acme").file("/opt/odoo/src/acme/README.md", "no addons yet\n");
        if (splitOcaWeb) {
            acme.file("/opt/odoo/src/oca/web/web_tree/README.rst", "split");
        }
        TestImage.Layer venv = img.layer("venv")
                .symlink("/opt/odoo/venv/bin/python", "/usr/bin/python3.11")
                .file("/opt/odoo/venv/lib/python3.11/site-packages/lxml/__init__.py", "")
                .file(PSYCOPG_SO, dev.odooimage.system.TestElf.of(List.of("libpq.so.5", "libc.so.6"), null, null),
                        0755, 0)
                .file("/opt/odoo/venv/lib/python3.11/site-packages/zeep/requirements.txt", "upstream content\n");
        if (bytecode) {
            venv.file("/opt/odoo/venv/lib/python3.11/site-packages/lxml/__pycache__/__init__.cpython-311.pyc", "pyc");
        }
        if (venvWithOdoo) {
            venv.file("/opt/odoo/src/odoo/odoo/release.py", "version_info = (17, 0)\n");
        }
        Map<String, TestImage.Layer> byName = Map.of("base", base, "runtime", runtime, "odoo", odoo,
                "oca-web", ocaWeb, "acme", acme, "venv", venv);
        extras.forEach((name, fns) -> fns.forEach(fn -> fn.accept(byName.get(name))));
        return img.write(file, format);
    }

    VerifyOptions options() {
        return VerifyOptions.builder().addonsPath(buildAddonsPath).aggregatePaths(List.of("odoo", "oca/web", "acme"))
                .buildPackages(List.of("gcc", "libpq-dev")).runtimePackages(List.of("libpq5"))
                .lockLabels(Map.of(VerifyOptions.REPOS_LOCK_LABEL, REPOS_DIGEST, VerifyOptions.PYTHON_LOCK_LABEL,
                        PYTHON_DIGEST))
                .secrets(new SecretSet().add("settings.xml server 'nexus' password", SECRET)).build();
    }
}
