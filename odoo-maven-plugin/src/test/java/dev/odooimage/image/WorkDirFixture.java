package dev.odooimage.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Collectors;

import dev.odooimage.imageprep.AggregateOrder;
import dev.odooimage.imageprep.ImagePreparation;

/** Builds a {@code target/odoo} work directory as the earlier goals leave it. */
final class WorkDirFixture {
    final Path root;
    final Path work;

    WorkDirFixture(Path root) throws IOException {
        this.root = root;
        this.work = root.resolve("target/odoo");
        Files.createDirectories(work);
    }

    WorkDirFixture aggregates(String... paths) throws IOException {
        String json = List.of(paths).stream()
                .map(p -> "{\"path\": \"" + p + "\", \"commit\": \"" + "a".repeat(40) + "\"}")
                .collect(Collectors.joining(",\n    ", "{\n  \"format\": 1, \"aggregates\": [\n    ", "\n  ]\n}\n"));
        write("src.json", json, "rw-r--r--");
        for (String p : paths) {
            Files.createDirectories(work.resolve("src").resolve(AggregateOrder.normalize(p, work)));
        }
        return this;
    }

    WorkDirFixture venv() throws IOException {
        write("venv/pyvenv.cfg", "home = /usr/bin\n", "rw-r--r--");
        write("venv/lib/python3.11/site-packages/psycopg2/__init__.py", "# driver\n", "rw-r--r--");
        Files.createDirectories(work.resolve("venv/bin"));
        Files.createSymbolicLink(work.resolve("venv/bin/python3"), Path.of("/usr/bin/python3"));
        Files.createSymbolicLink(work.resolve("venv/bin/python"), Path.of("python3"));
        Files.createSymbolicLink(work.resolve("venv/lib64"), Path.of("lib"));
        return this;
    }

    WorkDirFixture addonsPath(String line) throws IOException {
        write("addons_path", line + "\n", "rw-r--r--");
        return this;
    }

    Path write(String relative, String content, String perms) throws IOException {
        Path file = work.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(perms));
        return file;
    }

    /** The runtime scripts as the plugin ships them. */
    Path scripts() {
        return RuntimeScripts.extract(root.resolve("staging/runtime"));
    }

    /** Plans as odoo:prepare-image does: the layer inputs from src.json and the bytecode stamps. */
    Planning planner(List<String> warnings) {
        return () -> new LayerPlanner(work, scripts(), root.resolve("staging"), new Ownership(1000, 1000),
                warnings::add).plan(ImagePreparation.layerInputs(work, warnings::add));
    }

    interface Planning {
        LayerPlan plan();
    }
}
