package dev.odooimage.verify;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.odooimage.contract.ImageLabels;
import dev.odooimage.contract.ImagePaths;
import dev.odooimage.util.AtomicFiles;
import dev.odooimage.util.OdooImageException;
import dev.odooimage.util.ProcessRunner;

/**
 * The runtime smoke test (odoo:smoke): loads the tarball into the container engine, then
 * checks Odoo's version, Python dependency consistency, imports, odoo-init on an empty
 * database (and its refusal the second time), the odoo-run server (health, login page,
 * user, logs) and odoo-update. Every container, volume and database it makes is removed,
 * whatever happens.
 */
public final class SmokeRunner {
    static final String MOUNT = "/run/odoo-smoke";
    private static final Pattern IMPORT_ERROR = Pattern.compile(
            "ImportError|ModuleNotFoundError|Failed to load registry|Couldn't load module|Some modules are not loaded");

    private final SmokeOptions o;
    private final Consumer<String> log;
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    /** The label the image step writes with the image path of odoo-bin. */
    static final String ODOO_BIN_LABEL = ImageLabels.ODOO_BIN;

    private ContainerEngine engine;
    private String image;
    private String odooBin;
    private Path tmp;

    public SmokeRunner(SmokeOptions options, Consumer<String> log) {
        this.o = options;
        this.log = log;
    }

    /** Runs every check; throws only when no engine works (the caller decides about skipping). */
    public VerifyReport run(ContainerEngine chosen) {
        this.engine = chosen;
        List<CheckResult> checks = new ArrayList<>();
        String user = "";
        try (Cleanup cleanup = new Cleanup(log)) {
            tmp = Files.createTempDirectory("odoo-smoke-");
            cleanup.add(() -> deleteQuietly(tmp));
            java.util.Set<String> before = engine.imageIds();
            try {
                image = engine.load(o.tarball());
                removeLoadedImageAtTheEnd(cleanup, before);
            } catch (OdooImageException e) {
                checks.add(CheckResult.fail("image-load", "the tarball loads into " + engine.name(), e.getMessage()));
                for (String c : List.of("odoo-version", "python-dependencies", "python-imports", "database")) {
                    checks.add(CheckResult.skip(c, c, "not run: the image did not load"));
                }
                skipRest(checks, "the image did not load");
                return new VerifyReport(o.tarball().toString(), engine.name(), "", "", List.of(), 0, checks);
            }
            checks.add(CheckResult.pass("image-load", "the tarball loads into " + engine.name(), image));
            user = engine.run(Duration.ofMinutes(1), "image", "inspect", "--format", "{{.Config.User}}", image)
                    .output().trim();
            odooBin = label(ODOO_BIN_LABEL).orElse(o.odooBin());
            Path scripts = tmp.resolve("scripts");
            copyResource("check_dependencies.py", scripts);
            copyResource("check_imports.py", scripts);
            copyResource("process_users.py", scripts);
            copyResource(PdfReportCheck.SCRIPT, scripts);
            checks.add(version());
            checks.add(dependencies(scripts));
            checks.add(imports(scripts));
            runtimeChecks(checks, cleanup, scripts, user);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new VerifyReport(o.tarball().toString(), engine.name(), image, user, List.of(), 0, checks);
    }

    /**
     * Registered first, so it runs last (after the containers that use it are gone). An image
     * that was already in the engine before the load is the user's, and stays.
     */
    private void removeLoadedImageAtTheEnd(Cleanup cleanup, java.util.Set<String> before) {
        String loadedId = engine.imageId(image);
        if (o.keepImage() || loadedId == null || before.contains(loadedId)) {
            return;
        }
        String ref = image;
        cleanup.add(() -> {
            if (engine.removeImage(ref)) {
                log.accept("removed image " + ref + " from " + engine.name() + " (loaded for this smoke test;"
                        + " -Dodoo.smoke.keepImage keeps it)");
            } else {
                log.accept("could not remove image " + ref + " from " + engine.name() + "; remove it with "
                        + engine.name() + " rmi " + ref);
            }
        });
    }

    private void runtimeChecks(List<CheckResult> checks, Cleanup cleanup, Path scripts, String user) {
        SmokeDatabase db;
        try {
            db = startDatabase();
        } catch (OdooImageException e) {
            checks.add(CheckResult.fail("database", "a throw-away PostgreSQL is available", e.getMessage()));
            skipRest(checks, "no database");
            return;
        }
        cleanup.add(db::close);
        String dbName = "odoo_smoke_" + id;
        try {
            db.createDatabase(dbName);
        } catch (OdooImageException e) {
            checks.add(CheckResult.fail("database", "a throw-away PostgreSQL is available", db.description()
                    + ": " + e.getMessage()));
            skipRest(checks, "no database");
            return;
        }
        cleanup.add(() -> db.dropDatabase(dbName));
        checks.add(CheckResult.pass("database", "a throw-away PostgreSQL is available", db.description()
                + ", database " + dbName));
        String volume = "odoo-smoke-data-" + id;
        engine.run(Duration.ofMinutes(1), "volume", "create", volume);
        cleanup.add(() -> engine.removeVolume(volume));
        int http = SmokeDatabase.freePort();
        Path conf = SmokeDatabase.secretFile(tmp.resolve("secrets"), "odoo.conf", String.join("\n", "[options]",
                "db_host = " + db.host(), "db_port = " + db.port(), "db_user = " + db.user(), "db_name = " + dbName,
                "dbfilter = ^" + dbName + "$", "list_db = False", "http_interface = 127.0.0.1",
                "http_port = " + http, "gevent_port = " + SmokeDatabase.freePort(), "") );
        Path admin = SmokeDatabase.secretFile(tmp.resolve("secrets"), "admin_passwd", SmokeDatabase.randomPassword());
        List<String> common = List.of("--network", "host",
                "-e", "ODOO_DB_HOST=" + db.host(), "-e", "ODOO_DB_PORT=" + db.port(), "-e", "ODOO_DB_USER=" + db.user(),
                "-e", "ODOO_DB_NAME=" + dbName, "-e", "ODOO_DB_PASSWORD_FILE=" + MOUNT + "/db_password",
                "-e", "ODOO_ADMIN_PASSWD_FILE=" + MOUNT + "/admin_passwd",
                "-e", "ODOO_BASE_CONFIG_FILE=" + MOUNT + "/odoo.conf",
                "-v", db.passwordFile() + ":" + MOUNT + "/db_password:ro",
                "-v", admin + ":" + MOUNT + "/admin_passwd:ro", "-v", conf + ":" + MOUNT + "/odoo.conf:ro",
                "-v", volume + ":" + ImagePaths.DATA);
        List<String> modules = o.modules().isEmpty() ? List.of() : List.of("-i", String.join(",", o.modules()));
        ProcessRunner.Result init = script(cleanup, common, "odoo-init", modules);
        boolean initOk = init.ok() && !IMPORT_ERROR.matcher(init.output()).find();
        checks.add(initOk ? CheckResult.pass("odoo-init", "odoo-init initialises an empty database",
                "installed " + (o.modules().isEmpty() ? "base" : String.join(",", o.modules())))
                : CheckResult.fail("odoo-init", "odoo-init initialises an empty database", "odoo-init exited "
                        + init.exitCode() + (init.timedOut() ? " (timed out)" : "") + ": " + importErrorOr(init),
                        lastLines(init, 15)));
        if (!initOk) {
            skipRest(checks, "odoo-init failed");
            return;
        }
        ProcessRunner.Result again = script(cleanup, common, "odoo-init", modules);
        checks.add(!again.ok() && !again.timedOut()
                ? CheckResult.pass("odoo-init-refuses", "odoo-init refuses an initialised database",
                        "exit " + again.exitCode() + ": " + again.tail(1))
                : CheckResult.fail("odoo-init-refuses", "odoo-init refuses an initialised database",
                        "the second odoo-init on " + dbName + " " + (again.timedOut() ? "timed out"
                                : "succeeded") + ": it must refuse databases that already hold Odoo",
                        lastLines(again, 10)));
        new SmokeServer(engine, image, o, log).check(checks, cleanup, common, scripts, user, http, id);
        List<String> update = List.of("-u", o.modules().isEmpty() ? "base" : String.join(",", o.modules()));
        ProcessRunner.Result up = script(cleanup, common, "odoo-update", update);
        boolean upOk = up.ok() && !IMPORT_ERROR.matcher(up.output()).find();
        String title = "odoo-update " + String.join(" ", update) + " exits 0";
        checks.add(upOk ? CheckResult.pass("odoo-update", title, "updated")
                : CheckResult.fail("odoo-update", title, "odoo-update exited " + up.exitCode() + ": "
                        + importErrorOr(up), lastLines(up, 15)));
        checks.add(new PdfReportCheck(engine, image, o, log).check(cleanup, common, scripts, id));
    }

    private ProcessRunner.Result script(Cleanup cleanup, List<String> common, String script, List<String> args) {
        String name = "odoo-smoke-" + script + "-" + id;
        cleanup.add(() -> engine.removeContainer(name));
        List<String> cmd = new ArrayList<>(List.of("run", "--rm", "--name", name));
        cmd.addAll(common);
        cmd.addAll(List.of("--entrypoint", o.scriptsDir() + "/" + script, image));
        cmd.addAll(args);
        log.accept("running " + script + " " + String.join(" ", args));
        ProcessRunner.Result r = engine.run(o.commandTimeout(), cmd);
        engine.removeContainer(name);
        return r;
    }

    private SmokeDatabase startDatabase() {
        if (o.db() != null && !o.db().isBlank()) {
            return ExternalDatabase.parse(o.db(), tmp.resolve("secrets"));
        }
        List<String> notes = new ArrayList<>();
        if (o.dbImage() != null && !o.dbImage().isBlank() && !o.dbImage().equals("none")) {
            var pg = ContainerPostgres.tryStart(engine, o.dbImage(), tmp.resolve("secrets"), notes);
            if (pg.isPresent()) {
                return pg.get();
            }
            notes.forEach(n -> log.accept(n + "; using the host's PostgreSQL instead"));
        }
        Path bin = o.pgBin() != null ? o.pgBin() : HostPostgres.findBinaries().orElseThrow(() ->
                new OdooImageException("no PostgreSQL for the smoke test: " + (notes.isEmpty() ? "" : notes.get(0)
                        + "; ") + "no host PostgreSQL server binaries (initdb, pg_ctl) found. Install postgresql,"
                        + " set -Dodoo.smoke.pgBin, or give -Dodoo.smoke.db=host:port:user:passwordFile"));
        return HostPostgres.start(bin, tmp.resolve("secrets"));
    }

    private CheckResult version() {
        String title = "odoo-bin --version prints the locked series " + o.series();
        ProcessRunner.Result r = engine.run(o.commandTimeout(), "run", "--rm", "--entrypoint", o.python(), image,
                odooBin, "--version");
        Matcher m = Pattern.compile("Odoo Server (\\S+)").matcher(r.output());
        if (!r.ok() || !m.find()) {
            return CheckResult.fail("odoo-version", title, "odoo-bin --version failed (exit " + r.exitCode() + "): "
                    + r.tail(3), lastLines(r, 15));
        }
        String v = m.group(1);
        boolean match = o.series() == null || v.equals(o.series()) || v.startsWith(o.series() + "+")
                || v.startsWith(o.series() + "-") || v.startsWith(o.series() + ".");
        return match ? CheckResult.pass("odoo-version", title, "Odoo Server " + v)
                : CheckResult.fail("odoo-version", title, "the image holds Odoo " + v + " but the project locks "
                        + o.series() + ": fix odoo.series or the odoo entry of repos.yaml");
    }

    private CheckResult dependencies(Path scripts) {
        String title = "installed Python distributions satisfy each other's requirements";
        ProcessRunner.Result r = engine.run(o.commandTimeout(), "run", "--rm", "-v", scripts + ":" + MOUNT + ":ro",
                "--entrypoint", o.python(), image, MOUNT + "/check_dependencies.py");
        List<String> lines = r.output().lines().filter(l -> !l.isBlank()).toList();
        String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        if (r.ok()) {
            return CheckResult.pass("python-dependencies", title, last);
        }
        return CheckResult.fail("python-dependencies", title, lines.isEmpty() ? "exit " + r.exitCode()
                : lines.get(0) + (lines.size() > 2 ? " (and " + (lines.size() - 2) + " more)" : ""), lines);
    }

    private CheckResult imports(Path scripts) {
        String title = "Python imports " + o.imports() + " succeed";
        List<String> cmd = new ArrayList<>(List.of("run", "--rm", "-v", scripts + ":" + MOUNT + ":ro",
                "--workdir", Path.of(odooBin).getParent().toString(), "--entrypoint", o.python(), image,
                MOUNT + "/check_imports.py"));
        cmd.addAll(o.imports());
        ProcessRunner.Result r = engine.run(o.commandTimeout(), cmd);
        List<String> lines = r.output().lines().filter(l -> !l.isBlank()).toList();
        if (r.ok()) {
            return CheckResult.pass("python-imports", title, importsSummary(lines), lines);
        }
        String first = lines.stream().filter(l -> l.startsWith("FAILED")).findFirst().orElse(r.tail(1));
        return CheckResult.fail("python-imports", title, first, lines);
    }

    /**
     * The import results, one per module; whatever else the imports printed (a library's
     * DeprecationWarning, Odoo 16's pkg_resources UserWarning) is counted, not spliced in between,
     * and stays in the report's details.
     */
    static String importsSummary(List<String> lines) {
        List<String> results = lines.stream().filter(l -> l.startsWith("ok ") || l.startsWith("absent ")).toList();
        List<String> other = lines.stream().filter(l -> !results.contains(l)).toList();
        String summary = String.join("; ", results);
        if (other.isEmpty()) {
            return summary;
        }
        String first = other.get(0).strip();
        return summary + " (" + other.size() + " other line(s) printed at import, the first: "
                + (first.length() > 100 ? first.substring(0, 100) + "..." : first) + ")";
    }

    private java.util.Optional<String> label(String name) {
        String json = engine.run(Duration.ofMinutes(1), "image", "inspect", "--format", "{{json .Config.Labels}}",
                image).output().trim();
        try {
            var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
            return node != null && node.hasNonNull(name) && !node.get(name).asText().isBlank()
                    ? java.util.Optional.of(node.get(name).asText()) : java.util.Optional.empty();
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    static String importErrorOr(ProcessRunner.Result r) {
        return r.output().lines().filter(l -> IMPORT_ERROR.matcher(l).find()).findFirst().orElse(r.tail(1));
    }

    static List<String> lastLines(ProcessRunner.Result r, int n) {
        return List.of(r.tail(n).split("\n"));
    }

    static boolean hasImportError(String logs) {
        return IMPORT_ERROR.matcher(logs).find();
    }

    private static void skipRest(List<CheckResult> checks, String why) {
        for (String c : List.of("odoo-init", "odoo-init-refuses", "server-health", "server-login", "server-user",
                "server-logs", "odoo-update", PdfReportCheck.ID)) {
            if (checks.stream().noneMatch(x -> x.id().equals(c))) {
                checks.add(CheckResult.skip(c, c, "not run: " + why));
            }
        }
    }

    private static void copyResource(String name, Path dir) throws IOException {
        Files.createDirectories(dir);
        try (InputStream in = SmokeRunner.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " missing from the plugin");
            }
            Files.write(dir.resolve(name), in.readAllBytes());
        }
        dir.resolve(name).toFile().setReadable(true, false);
        dir.toFile().setReadable(true, false);
        dir.toFile().setExecutable(true, false);
    }

    private static void deleteQuietly(Path p) {
        try {
            AtomicFiles.deleteRecursively(p);
        } catch (IOException e) {
            // temp files only
        }
    }

    /** Waits for a URL to answer with {@code status}; returns the last status seen (or -1). */
    static int await(String url, int status, Duration timeout, java.util.function.BooleanSupplier alive) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            try {
                last = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET()
                        .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                if (last == status) {
                    return last;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return last;
            }
            if (!alive.getAsBoolean()) {
                return last;
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return last;
            }
        }
        return last;
    }
}
