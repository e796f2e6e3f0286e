package dev.odooimage.verify;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import dev.odooimage.util.ProcessRunner;

/** The odoo-run part of the smoke test: the server answers, runs as the image user, logs clean. */
final class SmokeServer {
    private final ContainerEngine engine;
    private final String image;
    private final SmokeOptions o;
    private final Consumer<String> log;

    SmokeServer(ContainerEngine engine, String image, SmokeOptions o, Consumer<String> log) {
        this.engine = engine;
        this.image = image;
        this.o = o;
        this.log = log;
    }

    void check(List<CheckResult> checks, Cleanup cleanup, List<String> common, Path scripts, String user, int port,
            String id) {
        String name = "odoo-smoke-server-" + id;
        cleanup.add(() -> engine.removeContainer(name));
        List<String> cmd = new ArrayList<>(List.of("run", "-d", "--name", name));
        cmd.addAll(common);
        cmd.addAll(List.of("-v", scripts + ":" + SmokeRunner.MOUNT + "-scripts:ro", image));
        ProcessRunner.Result started = engine.run(Duration.ofMinutes(2), cmd);
        if (!started.ok()) {
            checks.add(CheckResult.fail("server-health", "odoo-run serves /web/health", "the odoo-run container did"
                    + " not start: " + started.tail(3)));
            return;
        }
        log.accept("waiting for odoo-run on 127.0.0.1:" + port + " (up to " + o.httpTimeout().toSeconds() + " s)");
        String base = "http://127.0.0.1:" + port;
        int health = SmokeRunner.await(base + "/web/health", 200, o.httpTimeout(), () -> running(name));
        String logs = engine.run(Duration.ofMinutes(1), "logs", name).output();
        checks.add(health == 200 ? CheckResult.pass("server-health", "odoo-run serves /web/health", "200 from "
                + base + "/web/health")
                : CheckResult.fail("server-health", "odoo-run serves /web/health", (running(name)
                        ? "no 200 from /web/health within " + o.httpTimeout().toSeconds() + " s (last status "
                                + health + ")"
                        : "the odoo-run container exited") + ": " + tail(logs), tailLines(logs)));
        if (health == 200) {
            int login = SmokeRunner.await(base + "/web/login", 200, Duration.ofSeconds(60), () -> running(name));
            checks.add(login == 200 ? CheckResult.pass("server-login", "/web/login answers 200", "200")
                    : CheckResult.fail("server-login", "/web/login answers 200", "/web/login answered " + login,
                            tailLines(engine.run(Duration.ofMinutes(1), "logs", name).output())));
            checks.add(processUser(name, user));
            logs = engine.run(Duration.ofMinutes(1), "logs", name).output();
        } else {
            checks.add(CheckResult.skip("server-login", "/web/login answers 200", "not run: server not healthy"));
            checks.add(CheckResult.skip("server-user", "the server runs as the image user",
                    "not run: server not healthy"));
        }
        List<String> errors = logs.lines().filter(SmokeRunner::hasImportError).toList();
        checks.add(errors.isEmpty() ? CheckResult.pass("server-logs", "server logs show no import error",
                logs.lines().count() + " log lines")
                : CheckResult.fail("server-logs", "server logs show no import error", errors.get(0), errors));
        engine.removeContainer(name);
    }

    private CheckResult processUser(String container, String user) {
        String title = "the server runs as the image user" + (user.isEmpty() ? "" : " (" + user + ")");
        ProcessRunner.Result r = engine.run(Duration.ofMinutes(1), "exec", container, o.python(),
                SmokeRunner.MOUNT + "-scripts/process_users.py");
        if (!r.ok()) {
            return CheckResult.fail("server-user", title, "cannot list the container's processes: " + r.tail(2));
        }
        String expected = user.split(":")[0];
        List<String> wrong = new ArrayList<>();
        List<String> all = r.output().lines().filter(l -> !l.isBlank()).toList();
        for (String line : all) {
            String uid = line.split(" ")[0];
            if (uid.equals("0") || (expected.matches("\\d+") && !uid.equals(expected))) {
                wrong.add(line);
            }
        }
        if (all.isEmpty()) {
            return CheckResult.fail("server-user", title, "no process found in the server container");
        }
        return wrong.isEmpty() ? CheckResult.pass("server-user", title, all.size() + " process(es), uid "
                + all.get(0).split(" ")[0], all)
                : CheckResult.fail("server-user", title, "process runs as uid " + wrong.get(0)
                        + " instead of the image user", wrong);
    }

    private boolean running(String name) {
        return engine.run(Duration.ofSeconds(30), "inspect", "--format", "{{.State.Running}}", name).output().trim()
                .equals("true");
    }

    private static String tail(String logs) {
        List<String> l = logs.lines().filter(s -> !s.isBlank()).toList();
        return l.isEmpty() ? "(no output)" : l.get(l.size() - 1);
    }

    private static List<String> tailLines(String logs) {
        List<String> l = logs.lines().toList();
        return l.subList(Math.max(0, l.size() - 20), l.size());
    }
}
