package dev.odooimage.imageprep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.odooimage.image.LayerPlan;
import dev.odooimage.image.Ownership;
import dev.odooimage.image.PlannedEntry;
import dev.odooimage.image.PlannedLayer;
import dev.odooimage.image.TreeCollector;

class ImageTarStampTest {

    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    @TempDir
    Path dir;
    Path work;
    Path handoff;
    Path source;
    Path base;
    Path tar;
    Path json;

    @BeforeEach
    void files() throws IOException {
        work = Files.createDirectories(dir.resolve("target/odoo"));
        handoff = Files.writeString(work.resolve("image-handoff.properties"), "format=1\naggregate.0=odoo\n");
        source = Files.writeString(Files.createDirectories(work.resolve("src/odoo")).resolve("odoo-bin"), "print(1)\n");
        base = Files.write(dir.resolve("base.tar"), new byte[1000]);
        tar = dir.resolve("target/jib-image.tar");
        json = dir.resolve("target/jib-image.json");
    }

    private ImageTarStamp.Inputs inputs() {
        return new ImageTarStamp.Inputs(handoff, plan(source, 0644), "tar://" + base, "<configuration/>", "1.0 10 20",
                "3.5.1");
    }

    private static LayerPlan plan(Path source, int mode) {
        return new LayerPlan(List.of(new PlannedLayer("odoo", List.of(
                new PlannedEntry(source.getParent(), "/opt/odoo/src/odoo", 0755, Ownership.ROOT, true),
                new PlannedEntry(source, "/opt/odoo/src/odoo/odoo-bin", mode, Ownership.ROOT, false)))),
                List.of("odoo"), "/opt/odoo/src/odoo/odoo-bin");
    }

    private static ImageTarStamp.Inputs with(ImageTarStamp.Inputs i, UnaryOperator<ImageTarStamp.Inputs> change) {
        return change.apply(i);
    }

    @Test
    void sameInputsSameStampAndEveryInputChangesIt() throws IOException {
        String stamp = ImageTarStamp.compute(inputs());
        assertEquals(stamp, ImageTarStamp.compute(inputs()));
        ImageTarStamp.Inputs i = inputs();
        List<ImageTarStamp.Inputs> changed = List.of(
                with(i, x -> new ImageTarStamp.Inputs(x.handoff(), x.plan(), "tar://" + base + ".other",
                        x.configuration(), x.pluginIdentity(), x.jibVersion())),
                with(i, x -> new ImageTarStamp.Inputs(x.handoff(), x.plan(), x.baseReference(),
                        "<configuration><to>other</to></configuration>", x.pluginIdentity(), x.jibVersion())),
                with(i, x -> new ImageTarStamp.Inputs(x.handoff(), x.plan(), x.baseReference(), x.configuration(),
                        "1.0 10 21", x.jibVersion())),
                with(i, x -> new ImageTarStamp.Inputs(x.handoff(), x.plan(), x.baseReference(), x.configuration(),
                        x.pluginIdentity(), "3.4.0")),
                with(i, x -> new ImageTarStamp.Inputs(x.handoff(), plan(source, 0755), x.baseReference(),
                        x.configuration(), x.pluginIdentity(), x.jibVersion())));
        for (ImageTarStamp.Inputs c : changed) {
            assertNotEquals(stamp, ImageTarStamp.compute(c), c.toString());
        }
        // Files: the hand-off's bytes, a source's content and its time, the base tarball's time.
        Files.writeString(handoff, "format=1\naggregate.0=odoo\naggregate.1=oca\n");
        String afterHandoff = ImageTarStamp.compute(inputs());
        assertNotEquals(stamp, afterHandoff);
        FileTime t = Files.getLastModifiedTime(source);
        Files.writeString(source, "print(2)\n"); // same size
        Files.setLastModifiedTime(source, FileTime.fromMillis(t.toMillis() + 1000));
        String afterSource = ImageTarStamp.compute(inputs());
        assertNotEquals(afterHandoff, afterSource);
        Files.setLastModifiedTime(base, FileTime.fromMillis(Files.getLastModifiedTime(base).toMillis() + 1000));
        assertNotEquals(afterSource, ImageTarStamp.compute(inputs()));
    }

    @Test
    void aFileOfTheWorkDirectoryCountsByItsBytesNotItsTime() throws IOException {
        Path addonsPath = Files.writeString(work.resolve("addons_path"), "/opt/odoo/src/odoo/addons\n");
        ImageTarStamp.Inputs i = new ImageTarStamp.Inputs(handoff, plan(addonsPath, 0644), "img", "", "1", "3");
        String stamp = ImageTarStamp.compute(i);
        Files.setLastModifiedTime(addonsPath, FileTime.fromMillis(Files.getLastModifiedTime(addonsPath).toMillis() + 5000));
        assertEquals(stamp, ImageTarStamp.compute(i), "rewritten with the same bytes by every odoo:addons-path");
        Files.writeString(addonsPath, "/opt/odoo/src/odoo/adons\n");
        assertNotEquals(stamp, ImageTarStamp.compute(i));
    }

    /** What Jib does: writes the tarball and jib-image.json after prepare-image. */
    private void jibWrites(String content) throws IOException {
        Files.writeString(tar, content);
        Files.writeString(json, "{\"image\":\"reg/acme:1\",\"imageDigest\":\"" + DIGEST + "\",\"imageId\":\"" + DIGEST
                + "\",\"tags\":[\"1\"]}");
    }

    @Test
    void upToDateOnlyAfterJibWroteTheRecordedTarball() throws IOException {
        String stamp = ImageTarStamp.compute(inputs());
        assertTrue(ImageTarStamp.upToDate(work, stamp, tar, json).isEmpty(), "nothing recorded yet");
        ImageTarStamp.pending(work, stamp);
        jibWrites("the image tarball");
        assertTrue(ImageTarStamp.record(work, tar, json));
        assertFalse(Files.exists(work.resolve(ImageTarStamp.PENDING)));
        assertTrue(ImageTarStamp.upToDate(work, stamp, tar, json).orElseThrow().contains(DIGEST));
        assertTrue(ImageTarStamp.upToDate(work, stamp + "0", tar, json).isEmpty(), "other inputs");

        Files.writeString(tar, "the image tarb"); // truncated
        assertTrue(ImageTarStamp.upToDate(work, stamp, tar, json).isEmpty(), "truncated tarball");
        Files.delete(tar);
        assertTrue(ImageTarStamp.upToDate(work, stamp, tar, json).isEmpty(), "deleted tarball");
    }

    @Test
    void changedImageJsonOrTouchedTarballIsNotUpToDate() throws IOException {
        String stamp = ImageTarStamp.compute(inputs());
        ImageTarStamp.pending(work, stamp);
        jibWrites("the image tarball");
        assertTrue(ImageTarStamp.record(work, tar, json));
        Files.writeString(json, Files.readString(json).replace("reg/acme:1", "reg/acme:2"));
        assertTrue(ImageTarStamp.upToDate(work, stamp, tar, json).isEmpty(), "jib-image.json of another build");
    }

    @Test
    void nothingIsRecordedWhenJibDidNotWriteAfterThePendingStamp() throws IOException {
        jibWrites("an old tarball");
        FileTime old = FileTime.fromMillis(System.currentTimeMillis() - 60_000);
        Files.setLastModifiedTime(tar, old);
        Files.setLastModifiedTime(json, old);
        String stamp = ImageTarStamp.compute(inputs());
        ImageTarStamp.pending(work, stamp);
        assertFalse(ImageTarStamp.record(work, tar, json), "Jib was skipped by the user: the old tarball is not ours");
        assertTrue(ImageTarStamp.upToDate(work, stamp, tar, json).isEmpty());
    }

    @Test
    void aNewPendingStampForgetsTheRecord() throws IOException {
        String stamp = ImageTarStamp.compute(inputs());
        ImageTarStamp.pending(work, stamp);
        jibWrites("the image tarball");
        assertTrue(ImageTarStamp.record(work, tar, json));
        ImageTarStamp.pending(work, stamp); // e.g. -Dodoo.image.rebuild, then Jib fails
        assertTrue(ImageTarStamp.upToDate(work, stamp, tar, json).isEmpty(), "a failed rebuild leaves no record");
    }

    /** The stamp of the tree {@code root} as prepare-image plans it: the collector's one stat per entry. */
    private String stampOfTree(Path root) {
        List<PlannedEntry> entries = new TreeCollector(dir.resolve("launchers"), w -> { })
                .collect(root, "/opt/odoo/src/odoo", Ownership.ROOT, false);
        return ImageTarStamp.compute(new ImageTarStamp.Inputs(handoff,
                new LayerPlan(List.of(new PlannedLayer("odoo", entries)), List.of("odoo"), null), "img", "", "1", "3"));
    }

    @Test
    void theCollectorsStatDataChangeTheStampForEveryChangeOfTheTree() throws IOException {
        Path root = source.getParent();
        Path other = Files.writeString(Files.createDirectories(root.resolve("addons/base")).resolve("data.xml"), "<a/>\n");
        String stamp = stampOfTree(root);
        assertEquals(stamp, stampOfTree(root), "nothing changed");

        FileTime t = Files.getLastModifiedTime(source);
        Files.writeString(source, "print(2)\n"); // same size, later time
        Files.setLastModifiedTime(source, FileTime.fromMillis(t.toMillis() + 1000));
        String edited = stampOfTree(root);
        assertNotEquals(stamp, edited, "a changed file");

        Files.setPosixFilePermissions(source, PosixFilePermissions.fromString("rwxr-xr-x"));
        String executable = stampOfTree(root);
        assertNotEquals(edited, executable, "a file made executable");

        Files.delete(source);
        Files.createSymbolicLink(source, root.relativize(other));
        String linked = stampOfTree(root);
        assertNotEquals(executable, linked, "a file replaced by a link to another file (it becomes its copy)");

        Files.writeString(root.resolve("addons/base/new.py"), "");
        String added = stampOfTree(root);
        assertNotEquals(linked, added, "an added file");
        Files.createDirectories(root.resolve("addons/empty"));
        String addedDir = stampOfTree(root);
        assertNotEquals(added, addedDir, "an added directory");
        Files.delete(root.resolve("addons/base/new.py"));
        assertNotEquals(addedDir, stampOfTree(root), "a removed file");
    }
}
