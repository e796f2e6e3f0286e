package dev.odooimage.its.kit;

/**
 * Builds (or finds in the cache) the {@link TestBaseImage} and prints the path of its docker-save
 * tarball as the only line on stdout (progress goes to stderr). With {@code --info} it prints
 * {@code tarball=}, {@code jib.from=} and the recorded facts (python.version ...) as properties.
 * Needs root and debootstrap when the cache is empty.
 */
public final class BuildTestBaseImage {

    private BuildTestBaseImage() {
    }

    public static void main(String[] args) {
        boolean info = args.length > 0 && args[0].equals("--info");
        TestBaseImage image;
        try {
            image = TestBaseImage.get();
        } catch (RuntimeException e) {
            System.err.println("cannot build the test base image: " + e.getMessage());
            System.exit(1);
            return;
        }
        System.err.println("[kit] test base image " + (image.wasBuilt() ? "built" : "reused from cache") + ": "
                + image.dir());
        if (!info) {
            System.out.println(image.tarball());
            return;
        }
        System.out.println("tarball=" + image.tarball());
        System.out.println("jib.from=" + image.jibTarReference());
        image.info().stringPropertyNames().stream().sorted()
                .forEach(k -> System.out.println(k + "=" + image.info().getProperty(k)));
    }
}
