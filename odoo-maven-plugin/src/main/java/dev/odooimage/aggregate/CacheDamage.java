package dev.odooimage.aggregate;

import java.util.zip.DataFormatException;

import org.eclipse.jgit.errors.CorruptObjectException;
import org.eclipse.jgit.errors.CorruptPackIndexException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.PackInvalidException;
import org.eclipse.jgit.errors.PackMismatchException;

/**
 * Tells a damaged cache entry from every other failure of a merge or an export. A cache hit
 * checks only that the pinned commit and its root tree are there ({@link CacheEntry#hasCommit});
 * the export reads every other object of the tree anyway, so an object missing from the
 * entry, or one whose bytes do not inflate (zlib's checksum, JGit's size check), surfaces
 * there as one of these JGit exceptions. Such an entry is rebuilt and fetched again, and the
 * tree exported anew; a failure to write a file is never taken for damage.
 */
final class CacheDamage {
    private CacheDamage() {
    }

    /** The JGit exception in {@code e}'s causes that shows a damaged entry, or null. */
    static Throwable of(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MissingObjectException || t instanceof CorruptObjectException
                    || t instanceof PackInvalidException || t instanceof PackMismatchException
                    || t instanceof CorruptPackIndexException || t instanceof DataFormatException) {
                return t;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
