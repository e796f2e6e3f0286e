package dev.odooimage.aggregate;

import java.nio.file.Path;

/** Child-process side of the cross-process lock test: hold the lock, report when releasing. */
public final class CacheLockHolder {
    public static void main(String[] args) throws Exception {
        try (CacheLock lock = CacheLock.acquire(Path.of(args[0]))) {
            System.out.println("locked");
            System.out.flush();
            Thread.sleep(Long.parseLong(args[1]));
            System.out.println("releasing " + System.currentTimeMillis());
            System.out.flush();
        }
    }
}
