package dev.odooimage.verify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * A runnable image that mimics the runtime contract with the host's own Python (copied
 * with its shared libraries): odoo-bin prints a version, odoo-init marks the database
 * as initialised in /var/lib/odoo and refuses the second time, odoo-run serves
 * /web/health and /web/login on the base config's http_port, odoo-update needs an
 * initialised database. Each script checks the secret files and env of the contract,
 * so the smoke runner's wiring is tested for real, with a real engine.
 */
final class FakeOdooImage {
    static final Path PYTHON = Path.of("/usr/bin/python3.11");
    private static final Set<String> SKIP = Set.of("test", "idlelib", "tkinter", "ensurepip", "lib2to3",
            "__pycache__", "turtledemo", "pydoc_data", "config-3.11-x86_64-linux-gnu", "dist-packages",
            "site-packages");

    String version = "17.0";
    boolean initRefuses = true;
    boolean serverImportError;
    String fakebVersion = "2.1";

    static boolean available() {
        return Files.isExecutable(PYTHON) && Files.isDirectory(Path.of("/usr/lib/python3.11"));
    }

    Path write(Path file, TestImage.Format format) throws IOException {
        TestImage img = new TestImage();
        img.user = "1000:1000";
        TestImage.Layer os = img.layer("os").hostFile(PYTHON, "/usr/bin/python3.11")
                .file("/etc/passwd", "root:x:0:0:root:/root:/bin/sh\nodoo:x:1000:1000::/var/lib/odoo:/bin/sh\n")
                .file("/etc/group", "root:x:0:\nodoo:x:1000:\n")
                .dir("/tmp", 01777, 0).dir("/run/odoo", 0700, 1000).dir("/var/lib/odoo", 0755, 1000);
        for (String lib : List.of("/lib/x86_64-linux-gnu/libm.so.6", "/lib/x86_64-linux-gnu/libz.so.1",
                "/lib/x86_64-linux-gnu/libexpat.so.1", "/lib/x86_64-linux-gnu/libc.so.6",
                "/lib64/ld-linux-x86-64.so.2")) {
            os.hostFile(Path.of(lib), lib);
        }
        os.hostTree(Path.of("/usr/lib/python3.11"), "/usr/lib/python3.11",
                p -> p.getNameCount() < 4 || !SKIP.contains(p.getName(3).toString()));
        String py = "#!/usr/bin/python3.11\n";
        String common = """
                import os, sys
                def secret(var):
                    with open(os.environ[var]) as f:
                        value = f.read().strip()
                    assert value, var + ' is empty'
                    return value
                for var in ('ODOO_DB_HOST', 'ODOO_DB_PORT', 'ODOO_DB_USER', 'ODOO_DB_NAME'):
                    assert os.environ.get(var), var + ' not set'
                secret('ODOO_DB_PASSWORD_FILE')
                secret('ODOO_ADMIN_PASSWD_FILE')
                conf = open(os.environ['ODOO_BASE_CONFIG_FILE']).read()
                marker = '/var/lib/odoo/initialised-' + os.environ['ODOO_DB_NAME']
                """;
        img.layer("runtime")
                .exec("/usr/local/bin/odoo-init", py + common + (initRefuses ? """
                        if os.path.exists(marker):
                            print('odoo-init: database is not empty, refusing'); sys.exit(3)
                        """ : "") + """
                        open(marker, 'w').write(' '.join(sys.argv[1:]))
                        print('odoo-init: installed', sys.argv[1:] or ['base'])
                        """)
                .exec("/usr/local/bin/odoo-update", py + common + """
                        if not os.path.exists(marker):
                            print('odoo-update: not initialised'); sys.exit(4)
                        print('odoo-update', sys.argv[1:])
                        """)
                .exec("/usr/local/bin/odoo-run", py + common + (serverImportError ? """
                        print('ImportError: No module named broken_addon_dependency', flush=True)
                        sys.exit(1)
                        """ : """
                        import http.server, re
                        port = int(re.search(r'http_port\\s*=\\s*(\\d+)', conf).group(1))
                        class H(http.server.BaseHTTPRequestHandler):
                            def do_GET(self):
                                ok = self.path in ('/web/health', '/web/login')
                                self.send_response(200 if ok else 404)
                                self.end_headers()
                                self.wfile.write(b'ok')
                        print('odoo: HTTP service running on 127.0.0.1:%d' % port, flush=True)
                        http.server.HTTPServer(('127.0.0.1', port), H).serve_forever()
                        """));
        // Not the default path: the runner must take odoo-bin from the image step's label.
        img.labels.put(SmokeRunner.ODOO_BIN_LABEL, "/opt/odoo/src/community/odoo-bin");
        img.layer("odoo").exec("/opt/odoo/src/community/odoo-bin", py + "print('Odoo Server " + version + "')\n")
                .file("/opt/odoo/src/community/odoo/__init__.py", "version_info = (17, 0)\n");
        img.layer("venv").symlink("/opt/odoo/venv/bin/python", "/usr/bin/python3.11")
                .file("/usr/lib/python3/dist-packages/fakea-1.0.dist-info/METADATA",
                        "Metadata-Version: 2.1\nName: fakea\nVersion: 1.0\nRequires-Dist: fakeb>=2\n"
                                + "Requires-Dist: missing-on-old ; python_version < \"3\"\n")
                .file("/usr/lib/python3/dist-packages/fakeb-" + fakebVersion + ".dist-info/METADATA",
                        "Metadata-Version: 2.1\nName: fakeb\nVersion: " + fakebVersion + "\n");
        img.entrypoint = List.of("/usr/local/bin/odoo-run");
        return img.write(file, format);
    }
}
