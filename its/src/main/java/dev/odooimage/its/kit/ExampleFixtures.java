package dev.odooimage.its.kit;

import java.nio.file.Path;

/**
 * Creates the standard fixture repositories (see {@link GitFixtures#create(Path)}) in the
 * directory given as first argument and prints their URLs as properties on stdout, e.g.
 * <pre>
 * odoo.url=file:///tmp/example/repos/odoo.git
 * odoo.branch=17.0
 * ...
 * </pre>
 * Optional second argument: the Odoo series (default 17.0). Used by the README's example script:
 * {@code ./mvnw -q -pl its exec:java -Dexec.mainClass=dev.odooimage.its.kit.ExampleFixtures -Dexec.args=DIR}.
 */
public final class ExampleFixtures {

    private ExampleFixtures() {
    }

    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: ExampleFixtures <target dir> [series]");
            System.exit(2);
        }
        String series = args.length > 1 ? args[1] : GitFixtures.DEFAULT_SERIES;
        GitFixtures fx = GitFixtures.create(Path.of(args[0]), series);
        StringBuilder out = new StringBuilder();
        out.append("root=").append(fx.root()).append('\n');
        out.append("series=").append(series).append('\n');
        for (String name : new String[] {GitFixtures.ODOO, GitFixtures.OCA_TOOLS, GitFixtures.CUSTOMER_ADDON}) {
            out.append(name).append(".url=").append(fx.fileUrl(name)).append('\n');
            out.append(name).append(".branch=").append(series).append('\n');
            out.append(name).append(".head=").append(fx.head(name, series)).append('\n');
        }
        System.out.print(out);
        System.out.flush();
    }
}
