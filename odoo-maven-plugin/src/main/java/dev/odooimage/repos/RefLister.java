package dev.odooimage.repos;

/** Lists the refs of one remote URL (one round trip). {@link LsRemote} is the real one. */
@FunctionalInterface
public interface RefLister {
    RemoteRefs list(String url);
}
