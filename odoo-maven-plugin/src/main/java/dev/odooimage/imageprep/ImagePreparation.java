package dev.odooimage.imageprep;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import dev.odooimage.contract.ImagePaths;
import dev.odooimage.image.BytecodeTrees;
import dev.odooimage.image.ContainerPlanner;
import dev.odooimage.image.ImageHandoff;
import dev.odooimage.image.ImageOptions;
import dev.odooimage.image.ImageSettings;
import dev.odooimage.image.LayerInputs;
import dev.odooimage.image.LayerPlan;
import dev.odooimage.image.LayerPlanner;
import dev.odooimage.image.Ownership;
import dev.odooimage.image.RuntimeScripts;

/**
 * The producer side of the Jib hand-off ({@code odoo:prepare-image}): reads what the earlier
 * goals left in {@code target/odoo} (src.json with Jackson, the project's commit with JGit,
 * the bytecode stamps), plans the layers once so that a bad input fails before Jib resolves
 * the base image, and writes {@link ImageHandoff}, which the Jib extension then reads alone.
 */
public final class ImagePreparation {

    /**
     * The project facts the defaults come from.
     *
     * @param basedir        the project directory (relative settings are resolved against it)
     * @param buildDirectory {@code ${project.build.directory}}
     * @param version        {@code ${project.version}}
     * @param title          the pom's name, else the artifactId
     * @param scmOrUrl       the pom's {@code <scm><url>}, else {@code <url>}; may be null
     */
    public record Project(Path basedir, Path buildDirectory, String version, String title, String scmOrUrl) {
    }

    /** JGit's last answer for the project's commit, with the key of the files it came from. */
    static final String REVISION_STAMP = "stamps/project-revision";

    private final Project project;
    private final ImageSettings settings;
    private final Consumer<String> warnings;

    public ImagePreparation(Project project, ImageSettings settings, Consumer<String> warnings) {
        this.project = project;
        this.settings = settings;
        this.warnings = warnings;
    }

    /** Plans, checks and writes the hand-off; returns the plan (for the log). */
    public LayerPlan run() {
        ImageOptions o = options();
        Path work = o.workDir();
        LayerInputs layerInputs = layerInputs(work, warnings);
        Map<String, String> inputs = new LinkedHashMap<>();
        record(inputs, work, work.resolve("src.json"));
        record(inputs, work, work.resolve("addons_path"));
        record(inputs, work, work.resolve("addons.digests"));
        record(inputs, work, work.resolve("stamps/python-env"));
        record(inputs, work, o.reposLock());
        record(inputs, work, o.pythonLock());
        layerInputs.bytecode().forEach(t -> record(inputs, work, BytecodeTrees.stamp(work, t)));
        Path staging = work.resolve("image");
        LayerPlan plan = new LayerPlanner(work, RuntimeScripts.extract(staging.resolve("runtime")), staging, o.user(),
                warnings).plan(layerInputs);
        String odooBin = ContainerPlanner.odooBin(o, plan);
        new ImageHandoff(o.user(), o.userName(), o.path(), odooBin, layerInputs,
                ContainerPlanner.labels(o, odooBin, layerInputs.aggregates()), settings.values(), inputs).write(work);
        return plan;
    }

    /**
     * The aggregates of {@code src.json} in lock order, and the compiled trees whose mirror
     * was compiled from the current sources; a stale mirror is left out with a warning (its
     * .pyc are "unchecked-hash": Python would trust them blindly).
     */
    public static LayerInputs layerInputs(Path work, Consumer<String> warnings) {
        List<AggregateOrder.Entry> entries = AggregateOrder.read(work.resolve("src.json"));
        List<String> aggregates = entries.stream().map(AggregateOrder.Entry::dir).toList();
        List<String> bytecode = new ArrayList<>();
        for (BytecodeTrees.Tree t : BytecodeTrees.all(work, aggregates, AggregateOrder.digests(entries))) {
            if (!Files.isDirectory(t.output())) {
                continue;
            }
            if (t.fresh()) {
                bytecode.add(t.name());
            } else {
                warnings.accept("left out the bytecode of " + t.name() + ": it was compiled from other sources"
                        + " (run odoo:bytecode again, it runs at prepare-package in `mvn package`)");
            }
        }
        return new LayerInputs(aggregates, bytecode);
    }

    ImageOptions options() {
        Path basedir = project.basedir();
        Path work = settings.workDir(basedir, project.buildDirectory());
        String revision = settings.get(ImageSettings.REVISION);
        if (revision == null) {
            revision = ProjectRevision.of(basedir, work.resolve(REVISION_STAMP)).orElse(null);
        }
        return ImageOptions.builder()
                .user(Ownership.parse(or(settings.get(ImageSettings.USER), ImageSettings.DEFAULT_USER), "odoo image user"))
                .userName(or(settings.get(ImageSettings.USER_NAME), ImageSettings.DEFAULT_USER_NAME))
                .workDir(work)
                .reposLock(basedir.resolve(or(settings.get(ImageSettings.REPOS_LOCK), "repos.lock.yaml")))
                .pythonLock(basedir.resolve(or(settings.get(ImageSettings.PYTHON_LOCK), "requirements.lock.txt")))
                .odooSeries(settings.get(ImageSettings.ODOO_SERIES))
                .source(or(settings.get(ImageSettings.SOURCE), project.scmOrUrl())).revision(revision)
                .version(project.version()).title(project.title()).odooBin(settings.get(ImageSettings.ODOO_BIN))
                .path(or(settings.get(ImageSettings.PATH), ImagePaths.DEFAULT_PATH)).build();
    }

    private static void record(Map<String, String> inputs, Path work, Path file) {
        Path base = work.toAbsolutePath().normalize();
        inputs.put(base.relativize(file.toAbsolutePath().normalize()).toString(), ImageHandoff.fingerprint(file));
    }

    private static String or(String value, String fallback) {
        return value != null ? value : fallback;
    }
}
