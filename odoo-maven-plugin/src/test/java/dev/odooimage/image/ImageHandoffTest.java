package dev.odooimage.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.odooimage.contract.ImageLabels;
import dev.odooimage.contract.ImagePaths;
import dev.odooimage.imageprep.CompiledTrees;
import dev.odooimage.imageprep.ImagePreparation;
import dev.odooimage.util.Digests;
import dev.odooimage.util.OdooImageException;

/** The hand-off written by the producer (odoo:prepare-image) and read by the consumer (the Jib extension). */
class ImageHandoffTest {
    @TempDir
    Path tmp;

    private WorkDirFixture fixture() throws IOException {
        WorkDirFixture f = new WorkDirFixture(tmp).aggregates("./odoo", "./oca/web").venv()
                .addonsPath("/opt/odoo/src/odoo/addons,/opt/odoo/src/oca/web");
        f.write("src.json", """
                {"format": 1, "aggregates": [
                  {"path": "./odoo", "dir": "odoo", "digest": "d-odoo"},
                  {"path": "./oca/web", "dir": "oca/web", "digest": "d-web"}
                ]}
                """, "rw-r--r--");
        f.write("src/odoo/odoo-bin", "#!/usr/bin/env python3\n", "rwxr-xr-x");
        f.write("src/oca/web/web_x/__manifest__.py", "{}\n", "rw-r--r--");
        f.write("addons.digests", "web_x abc\n", "rw-r--r--");
        f.write("stamps/python-env", "venv-1\n", "rw-r--r--");
        // A fresh mirror for odoo, a stale one for oca/web.
        f.write("bytecode/src/odoo/__pycache__/x.cpython-311.pyc", "pyc", "rw-r--r--");
        stamp(f, "src/odoo", "src:d-odoo");
        f.write("bytecode/src/oca/web/web_x/__pycache__/y.cpython-311.pyc", "pyc", "rw-r--r--");
        stamp(f, "src/oca/web", "src:an-older-tree");
        Files.writeString(tmp.resolve("repos.lock.yaml"), "./odoo: {}\n./oca/web: {}\n");
        Files.writeString(tmp.resolve("requirements.lock.txt"), "x==1\n");
        return f;
    }

    private static void stamp(WorkDirFixture f, String tree, String source) throws IOException {
        Path stamp = CompiledTrees.find(f.work, tree).orElseThrow().stamp();
        Files.createDirectories(stamp.getParent());
        Files.writeString(stamp, "source " + source + "\ninputs x\n");
    }

    private ImagePreparation.Project project() {
        return new ImagePreparation.Project(tmp, tmp.resolve("target"), "2.0.1", "acme-odoo",
                "https://git.example.org/acme/odoo-image");
    }

    private static ImageSettings settings(Map<String, String> extension) {
        Properties pom = new Properties();
        pom.setProperty("odoo.series", "17.0");
        return ImageSettings.resolve(extension, new Properties(), pom);
    }

    @Test
    void whatPrepareImageWritesTheExtensionReadsBack() throws Exception {
        WorkDirFixture f = fixture();
        String commit;
        try (Git git = Git.init().setDirectory(tmp.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern("repos.lock.yaml").call();
            commit = git.commit().setMessage("lock").setAuthor("t", "t@example.org").setCommitter("t", "t@example.org")
                    .call().getName();
        }
        List<String> warnings = new ArrayList<>();
        ImageSettings settings = settings(Map.of("user", "1001:1002", "userName", "erp"));
        LayerPlan prepared = new ImagePreparation(project(), settings, warnings::add).run();
        assertTrue(warnings.stream().anyMatch(w -> w.contains("left out the bytecode of src/oca/web")), warnings.toString());

        ImageHandoff h = ImageHandoff.read(f.work);
        h.checkCurrent(settings, f.work);
        assertEquals(new LayerInputs(List.of("odoo", "oca/web"), List.of("src/odoo")), h.layers());
        assertEquals(new Ownership(1001, 1002), h.user());
        assertEquals("erp", h.userName());
        assertEquals(ImagePaths.DEFAULT_PATH, h.path());
        assertEquals("/opt/odoo/src/odoo/odoo-bin", h.odooBin());
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(ImageLabels.SOURCE, "https://git.example.org/acme/odoo-image");
        labels.put(ImageLabels.REVISION, commit);
        labels.put(ImageLabels.VERSION, "2.0.1");
        labels.put(ImageLabels.TITLE, "acme-odoo");
        labels.put(ImageLabels.ODOO_SERIES, "17.0");
        labels.put(ImageLabels.REPOS_LOCK, Digests.sha256Hex(tmp.resolve("repos.lock.yaml")));
        labels.put(ImageLabels.PYTHON_LOCK, Digests.sha256Hex(tmp.resolve("requirements.lock.txt")));
        labels.put(ImageLabels.ODOO_BIN, "/opt/odoo/src/odoo/odoo-bin");
        labels.put(ImageLabels.AGGREGATES, "odoo,oca/web");
        assertEquals(labels, h.labels());
        assertEquals(List.copyOf(labels.keySet()), List.copyOf(h.labels().keySet()), "label order");

        // The consumer plans the same layers as the producer did.
        LayerPlan consumed = new LayerPlanner(f.work, f.scripts(), tmp.resolve("staging"), h.user(), w -> { })
                .plan(h.layers());
        assertEquals(prepared.layers().stream().map(PlannedLayer::name).toList(),
                consumed.layers().stream().map(PlannedLayer::name).toList());
        assertTrue(pyc(consumed, "source odoo "), "the fresh mirror is in odoo's layer");
        assertFalse(pyc(consumed, "source oca/web "), "the stale one is left out");

        // Same inputs, same bytes: no date comment, sorted keys.
        byte[] first = Files.readAllBytes(f.work.resolve(ImageHandoff.FILE));
        new ImagePreparation(project(), settings, w -> { }).run();
        assertEquals(new String(first), Files.readString(f.work.resolve(ImageHandoff.FILE)));
        assertFalse(new String(first).contains("2026") || new String(first).contains("UTC"), new String(first));
    }

    @Test
    void anyValueSurvivesTheRoundTrip() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("z.last", "a=b:c #not a comment \\ back\tslash, ünïcødé");
        labels.put("a.first", " leading and trailing ");
        ImageHandoff h = new ImageHandoff(new Ownership(0, 5), "o d", "/a b:/c", "/opt/odoo/src/o=d/odoo-bin",
                new LayerInputs(List.of("odoo", "oca/web x", "z"), List.of("venv", "src/oca/web x")), labels,
                Map.of("source", "https://x/y?a=b#c"), Map.of("../../repos.lock.yaml", "absent"));
        h.write(tmp);
        ImageHandoff back = ImageHandoff.read(tmp);
        assertEquals(h, back);
        assertEquals(List.of("z.last", "a.first"), List.copyOf(back.labels().keySet()));
    }

    @Test
    void aMissingOrStaleHandOffSaysToRunMvnPackage() throws Exception {
        WorkDirFixture f = fixture();
        OdooImageException e = assertThrows(OdooImageException.class, () -> ImageHandoff.read(f.work));
        assertTrue(e.getMessage().contains(f.work.resolve("image-handoff.properties") + " is missing")
                && e.getMessage().contains("Run `mvn package` (odoo:prepare-image"), e.getMessage());

        ImageSettings settings = settings(Map.of());
        new ImagePreparation(project(), settings, w -> { }).run();
        ImageHandoff.read(f.work).checkCurrent(settings, f.work);

        // A lock edited after prepare-image: its label digest would lie.
        Files.writeString(tmp.resolve("requirements.lock.txt"), "x==2\n");
        e = assertThrows(OdooImageException.class, () -> ImageHandoff.read(f.work).checkCurrent(settings, f.work));
        assertTrue(e.getMessage().contains("is stale: " + tmp.resolve("requirements.lock.txt") + " changed after"
                + " odoo:prepare-image ran") && e.getMessage().contains("Run `mvn package` again"), e.getMessage());

        // A setting given to Jib only.
        new ImagePreparation(project(), settings, w -> { }).run();
        e = assertThrows(OdooImageException.class, () -> ImageHandoff.read(f.work)
                .checkCurrent(settings(Map.of("revision", "abc")), f.work));
        assertTrue(e.getMessage().contains("the setting revision is 'abc' for Jib but was unset"), e.getMessage());

        // A file that was absent appears; a bytecode mirror is recompiled.
        Files.delete(f.work.resolve("addons.digests"));
        new ImagePreparation(project(), settings, w -> { }).run();
        Files.writeString(f.work.resolve("addons.digests"), "web_x def\n");
        e = assertThrows(OdooImageException.class, () -> ImageHandoff.read(f.work).checkCurrent(settings, f.work));
        assertTrue(e.getMessage().contains("addons.digests appeared after odoo:prepare-image ran"), e.getMessage());
        new ImagePreparation(project(), settings, w -> { }).run();
        stamp(f, "src/odoo", "src:d-odoo-recompiled");
        e = assertThrows(OdooImageException.class, () -> ImageHandoff.read(f.work).checkCurrent(settings, f.work));
        assertTrue(e.getMessage().contains("%2Fodoo changed"), e.getMessage());

        // Another plugin version's hand-off.
        Path file = f.work.resolve(ImageHandoff.FILE);
        Files.writeString(file, Files.readString(file).replace("format=1", "format=0"));
        e = assertThrows(OdooImageException.class, () -> ImageHandoff.read(f.work));
        assertTrue(e.getMessage().contains("is stale: it has format 0, this plugin reads format 1"), e.getMessage());
    }

    @Test
    void runtimeScriptsNameTheContractPaths() throws IOException {
        Path dir = RuntimeScripts.extract(tmp.resolve("scripts"));
        for (String s : ImagePaths.SCRIPTS) {
            String text = Files.readString(dir.resolve(s));
            assertTrue(text.startsWith("#!" + ImagePaths.PYTHON + "\n"), s);
            assertFalse(text.contains("@IMAGE_"), s);
        }
        String run = Files.readString(dir.resolve("odoo-run"));
        assertTrue(run.contains("DEFAULT_DATA_DIR = \"" + ImagePaths.DATA + "\"\n")
                && run.contains("DEFAULT_ODOO_BIN = \"" + ImagePaths.DEFAULT_ODOO_BIN + "\"\n")
                && run.contains("DEFAULT_IMAGE_ADDONS_PATH_FILE = \"" + ImagePaths.ADDONS_PATH + "\"\n")
                && run.contains("DEFAULT_RUNTIME_DIR = \"" + ImagePaths.RUN + "\"\n"), run.substring(0, 200));
        assertTrue(Files.readString(dir.resolve("odoo-update"))
                .contains("DEFAULT_DIGESTS_FILE = \"" + ImagePaths.ADDON_DIGESTS + "\"\n"));
    }

    private static boolean pyc(LayerPlan plan, String layer) {
        return plan.layers().stream().filter(l -> l.name().startsWith(layer)).findFirst().orElseThrow().entries()
                .stream().anyMatch(e -> e.imagePath().endsWith(".pyc"));
    }
}
