package dev.odooimage.repos.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.eclipse.jgit.api.Git;

import dev.odooimage.repos.GitAccess;
import dev.odooimage.repos.LockRepos;
import dev.odooimage.repos.LsRemote;
import dev.odooimage.repos.Refresh;

/**
 * Times {@code odoo:lock -Dodoo.repos.refreshAll} (every ref resolved) against real remotes served
 * by {@code git daemon} on 127.0.0.1: 1 merge from 1 remote vs 30 merges across 10 remotes,
 * with the default 4 ls-remote threads and with 1 thread. Run by benchmarks/lock-benchmark.sh.
 * Arguments: work directory, iterations.
 */
public final class LockBenchmark {

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : "target/lock-benchmark").toAbsolutePath();
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        Path served = Files.createDirectories(work.resolve("served"));
        for (int r = 0; r < 10; r++) {
            Path dir = served.resolve("repo" + r + ".git");
            if (Files.exists(dir)) {
                continue;
            }
            try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("17.0").call()) {
                for (int b = 0; b < 3; b++) {
                    String branch = b == 0 ? "17.0" : "17.0-feature-" + b;
                    if (b > 0) {
                        git.branchCreate().setName(branch).call();
                        git.checkout().setName(branch).call();
                    }
                    Files.writeString(dir.resolve("f" + b), "x" + b);
                    git.add().addFilepattern(".").call();
                    git.commit().setMessage("c" + b).setSign(false).call();
                }
                for (int t = 0; t < 40; t++) { // a realistic number of refs to advertise
                    git.tag().setName("17.0." + t).setAnnotated(true).setMessage("t").setSigned(false).call();
                }
            }
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process daemon = new ProcessBuilder("git", "daemon", "--reuseaddr", "--export-all", "--listen=127.0.0.1",
                "--port=" + port, "--base-path=" + served, served.toString()).redirectErrorStream(true)
                .redirectOutput(work.resolve("daemon.log").toFile()).start();
        try {
            waitForPort(port);
            String base = "git://127.0.0.1:" + port + "/";
            Path one = yaml(work, "one.yaml", base, 1, 1);
            Path thirty = yaml(work, "thirty.yaml", base, 10, 3);
            // Warm up the JVM and the daemon.
            time(one, work, 4, 3);
            time(thirty, work, 4, 3);
            double t1 = time(one, work, 4, iterations);
            double t30 = time(thirty, work, 4, iterations);
            double t30seq = time(thirty, work, 1, iterations);
            double naive = naive(base, iterations);
            System.out.printf("lock 1 merge, 1 remote:                 median %.1f ms%n", t1);
            System.out.printf("lock 30 merges, 10 remotes (4 threads): median %.1f ms  (ratio %.2fx)%n", t30, t30 / t1);
            System.out.printf("lock 30 merges, 10 remotes (1 thread):  median %.1f ms  (ratio %.2fx)%n", t30seq,
                    t30seq / t1);
            System.out.printf("baseline: 30 ls-remote calls in sequence (one per merge, as a naive locker would): "
                    + "median %.1f ms  (ratio %.2fx)%n", naive, naive / t1);
        } finally {
            daemon.destroy();
        }
    }

    private static Path yaml(Path work, String name, String base, int remotes, int mergesPerRemote) throws IOException {
        StringBuilder y = new StringBuilder();
        for (int r = 0; r < remotes; r++) {
            y.append("./src/repo").append(r).append(":\n  remotes:\n    origin: ").append(base).append("repo").append(r)
                    .append(".git\n  merges:\n");
            for (int b = 0; b < mergesPerRemote; b++) {
                y.append("    - origin ").append(b == 0 ? "17.0" : "17.0-feature-" + b).append('\n');
            }
        }
        Path f = work.resolve(name);
        Files.writeString(f, y);
        return f;
    }

    private static double time(Path repos, Path work, int threads, int iterations) {
        double[] ms = new double[iterations];
        Path lock = work.resolve(repos.getFileName() + ".lock.yaml");
        LockRepos op = new LockRepos(new LsRemote(GitAccess.anonymous(), 1, 0), threads);
        for (int i = 0; i < iterations; i++) {
            long t0 = System.nanoTime();
            op.run(repos, lock, new Refresh(true, List.of(), List.of()));
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms[iterations / 2];
    }

    private static double naive(String base, int iterations) {
        double[] ms = new double[iterations];
        LsRemote ls = new LsRemote(GitAccess.anonymous(), 1, 0);
        for (int i = 0; i < iterations; i++) {
            long t0 = System.nanoTime();
            for (int r = 0; r < 10; r++) {
                for (int b = 0; b < 3; b++) {
                    ls.list(base + "repo" + r + ".git");
                }
            }
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms[iterations / 2];
    }

    private static void waitForPort(int port) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("git daemon did not start on port " + port);
    }

    private LockBenchmark() {
    }

}
