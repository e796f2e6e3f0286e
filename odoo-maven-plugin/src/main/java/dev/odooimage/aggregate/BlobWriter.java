package dev.odooimage.aggregate;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.CoreConfig.EolStreamType;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.util.io.EolStreamTypeUtil;

import dev.odooimage.util.Digests;
import dev.odooimage.util.Parallel;

/**
 * Writes the files of an export on a few threads. Creating a file is a system call that
 * waits on the file system's journal (about 0.1-0.5 ms each on this kind of disk, more than
 * reading and hashing a typical source file); with tens of thousands of files that wait, not
 * the CPU, is what a single thread spends its time on, so several writers overlap it. The
 * tree walk (names, attributes, directories) stays on the caller's thread; each writer has
 * its own {@link ObjectReader} (JGit's pack cache is shared), buffer and digest.
 */
final class BlobWriter implements AutoCloseable {
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-r--r--");
    static final Set<PosixFilePermission> EXEC = PosixFilePermissions.fromString("rwxr-xr-x");

    /** Files handed to a writer at once: few enough to spread the work, enough to amortise the hand-off. */
    private static final int BATCH = 64;

    /**
     * One file to write; {@code hash}, {@code bytes} and {@code posix} are filled by the
     * writer. {@code mode} is the mode to create the file with, or null to chmod it after.
     */
    static final class Job {
        final String path;
        final String name;
        final Path out;
        final ObjectId blob;
        final boolean exec;
        final EolStreamType eol;
        final String origin;
        final TreeListing.Dir parent;
        byte[] hash;
        long bytes;
        boolean posix = true;
        StatCache.Stat stat;

        Job(String path, String name, Path out, ObjectId blob, boolean exec, EolStreamType eol, String origin,
                TreeListing.Dir parent) {
            this.path = path;
            this.name = name;
            this.out = out;
            this.blob = blob;
            this.exec = exec;
            this.eol = eol;
            this.origin = origin;
            this.parent = parent;
        }
    }

    /** How many writers an export uses: blocking in the file system, not the CPU, is what they overlap. */
    static int defaultThreads() {
        return Math.max(2, Math.min(4, 2 * Runtime.getRuntime().availableProcessors()));
    }

    private final Repository repo;
    private final boolean modeAtCreation;
    private final boolean stat;
    private final TreeExporter.Previous previous;
    private final ExecutorService pool;
    private final List<Future<?>> pending = new ArrayList<>();
    private final ThreadLocal<State> state;
    private final List<State> states = new ArrayList<>();
    private List<Job> batch = new ArrayList<>(BATCH);
    private volatile boolean failed;

    /** Per-thread reader, buffer and digest. */
    private static final class State {
        final ObjectReader reader;
        final MessageDigest md = Digests.sha256();
        final byte[] buf = new byte[64 * 1024];

        State(Repository repo) {
            reader = repo.newObjectReader();
        }
    }

    /** {@code stat}: record each file's stat data once written (for {@link StatCache}). */
    BlobWriter(Repository repo, boolean modeAtCreation, boolean stat, TreeExporter.Previous previous, int threads) {
        this.repo = repo;
        this.modeAtCreation = modeAtCreation;
        this.stat = stat;
        this.previous = previous;
        this.pool = threads > 1 ? Parallel.pool(threads, "odoo-export-writer") : null;
        this.state = ThreadLocal.withInitial(() -> {
            State s = new State(this.repo);
            synchronized (states) {
                states.add(s);
            }
            return s;
        });
    }

    /** Queues {@code job}; it is written by the time {@link #finish()} returns. */
    void add(Job job) throws IOException {
        if (pool == null) {
            write(job);
            return;
        }
        batch.add(job);
        if (batch.size() == BATCH) {
            flushBatch();
        }
    }

    private void flushBatch() {
        List<Job> jobs = batch;
        batch = new ArrayList<>(BATCH);
        pending.add(pool.submit(() -> {
            for (Job j : jobs) {
                if (failed) {
                    return null; // the export fails anyway: stop writing into its directory
                }
                try {
                    write(j);
                } catch (RuntimeException e) {
                    failed = true;
                    throw e;
                }
            }
            return null;
        }));
    }

    /** Waits for every queued file; the first failure is thrown. */
    void finish() throws IOException {
        if (pool == null) {
            return;
        }
        if (!batch.isEmpty()) {
            flushBatch();
        }
        try {
            for (Future<?> f : pending) {
                Parallel.await(f, "writing the aggregated sources");
            }
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Returns once no writer runs any more: after a failure, nothing writes into the export behind its back. */
    @Override
    public void close() {
        if (pool != null) {
            failed |= !pending.stream().allMatch(Future::isDone);
            pool.shutdownNow();
            try {
                pool.awaitTermination(5, java.util.concurrent.TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (states) {
            states.forEach(s -> s.reader.close());
        }
    }

    private void write(Job job) {
        State s = state.get();
        try {
            byte[] linked = stat && previous != null ? previous.link(job.path, job.origin, job.out) : null;
            if (linked != null) {
                job.hash = linked;
                job.bytes = Files.size(job.out);
            } else {
                ObjectLoader loader = s.reader.open(job.blob, Constants.OBJ_BLOB);
                job.bytes = write(loader, job.eol, job.out, modeAtCreation ? job.exec ? EXEC : FILE : null, s.md, s.buf);
                if (!modeAtCreation) {
                    job.posix = TreeExporter.setMode(job.out, job.exec ? EXEC : FILE);
                }
                job.hash = s.md.digest();
            }
            if (stat) {
                // After the chmod (or link), which changes the ctime: the stat a later build sees.
                job.stat = StatCache.stat(job.out);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Writes one blob, converted; {@code md} ends up holding the hash of what was written. */
    private static long write(ObjectLoader loader, EolStreamType eol, Path out, Set<PosixFilePermission> mode,
            MessageDigest md, byte[] buf) throws IOException {
        if (eol == EolStreamType.AUTO_CRLF) {
            eol = CheckoutConversion.autoCrlfConverts(loader) ? EolStreamType.TEXT_CRLF : EolStreamType.DIRECT;
        }
        try (HashingOutputStream file = new HashingOutputStream(create(out, mode), md)) {
            if (eol == EolStreamType.DIRECT) {
                if (!loader.isLarge()) {
                    file.write(loader.getCachedBytes());
                } else {
                    try (InputStream in = loader.openStream()) {
                        int n;
                        while ((n = in.read(buf)) > 0) {
                            file.write(buf, 0, n);
                        }
                    }
                }
            } else {
                // The converter writes byte by byte around line ends: buffer below it.
                OutputStream converted = EolStreamTypeUtil.wrapOutputStream(new BufferedOutputStream(file, buf.length), eol);
                loader.copyTo(converted);
                converted.flush();
            }
            return file.count;
        }
    }

    private static final Set<StandardOpenOption> CREATE = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);

    /** A new file, with {@code mode} set by the open itself when not null. */
    private static OutputStream create(Path out, Set<PosixFilePermission> mode) throws IOException {
        if (mode == null) {
            return Files.newOutputStream(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }
        return Channels.newOutputStream(Files.newByteChannel(out, CREATE, PosixFilePermissions.asFileAttribute(mode)));
    }

    /** Hashes and counts what goes through it. */
    private static final class HashingOutputStream extends FilterOutputStream {
        private final MessageDigest md;
        private long count;

        HashingOutputStream(OutputStream out, MessageDigest md) {
            super(out);
            this.md = md;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            md.update((byte) b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            md.update(b, off, len);
            count += len;
        }
    }
}
