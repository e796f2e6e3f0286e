package dev.odooimage.aggregate;

import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;

/**
 * JGit's first use in a JVM costs about half a second (file system detection, which runs
 * {@code git} to find the system configuration, and class loading). Started in the
 * background as soon as an aggregate is known to need a rebuild, it is paid while the other
 * aggregates are verified instead of by the first build; a no-op never pays it. Failures are
 * ignored: the real use reports them.
 */
final class JGitWarmUp {
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private JGitWarmUp() {
    }

    static void start() {
        if (!STARTED.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(() -> {
            try {
                FS.DETECTED.getClass();
                SystemReader.getInstance().getSystemConfig();
                SystemReader.getInstance().getUserConfig();
                // The classes every aggregate needs: repository, transport, walk, pack parsing.
                for (String c : new String[] {"org.eclipse.jgit.storage.file.FileRepositoryBuilder",
                        "org.eclipse.jgit.api.FetchCommand", "org.eclipse.jgit.transport.Transport",
                        "org.eclipse.jgit.internal.storage.file.ObjectDirectoryPackParser",
                        "org.eclipse.jgit.treewalk.TreeWalk", "org.eclipse.jgit.revwalk.RevWalk"}) {
                    Class.forName(c, true, JGitWarmUp.class.getClassLoader());
                }
            } catch (Exception | LinkageError e) {
                // Reported, if it matters, by the first real use.
            }
        }, "odoo-jgit-warm-up");
        t.setDaemon(true);
        t.start();
    }
}
