package dev.odooimage.its;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.odooimage.its.kit.ArchetypeProject;
import dev.odooimage.its.kit.FixtureOdoo;
import dev.odooimage.its.kit.GitFixtures;
import dev.odooimage.its.kit.ItWork;
import dev.odooimage.its.kit.MavenRunner;
import dev.odooimage.its.kit.Procs;
import dev.odooimage.its.kit.TestBaseImage;
import dev.odooimage.util.Digests;

/**
 * A build with nothing changed keeps {@code target/jib-image.tar} (prepare-image sets
 * {@code jib.skip} for jib:buildTar when the recorded stamp matches); one changed source file
 * makes Jib write a new image. A generated project on the Debian test base as {@code tar://},
 * the pipeline files prepared the way the earlier goals leave them (as in ImageIT), then
 * {@code odoo:prepare-image jib:buildTar odoo:image-ref}, and the goals {@code mvn package} binds,
 * {@code odoo:prepare-image odoo:image-tar odoo:image-ref}, where Jib is loaded only when it runs.
 */
class ImageNoOpIT {
    static final String SERIES = "17.0";

    @Test
    void unchangedInputsKeepTheTarballAndAChangedFileRebuildsIt() throws Exception {
        assertNull(TestBaseImage.unavailableReason(), TestBaseImage.unavailableReason());
        Path work = ItWork.dir(ImageNoOpIT.class, "run");
        GitFixtures fixtures = GitFixtures.create(work.resolve("repos"), SERIES);
        Path project = ArchetypeProject.generate(work, "acme-odoo", Map.of("odooVersion", SERIES,
                "baseImage", TestBaseImage.get().jibTarReference(), "registry", "registry.invalid",
                "imageName", "acme/odoo", "pythonVersion", "3.11", "pythonInterpreter", "/usr/bin/python3.11",
                "debianRelease", "bookworm"));
        Files.writeString(project.resolve("repos.yaml"), fixtures.aggregateYaml("./odoo", "odoo", GitFixtures.ODOO));
        MavenRunner maven = MavenRunner.fromSystemProperties().offline(false).withTimeout(Duration.ofMinutes(10));
        maven.run(project, work.resolve("lock.log"), "odoo:lock").assertSuccess();

        Path odoo = project.resolve("target/odoo");
        FixtureOdoo.clone(fixtures.fileUrl(GitFixtures.ODOO), SERIES, odoo.resolve("src/odoo"));
        Files.writeString(odoo.resolve("src.json"), "{\"format\": 1, \"aggregates\": [{\"path\": \"./odoo\", \"dir\": \"odoo\"}]}\n");
        Files.writeString(odoo.resolve("addons_path"), "/opt/odoo/src/odoo/odoo/addons,/opt/odoo/src/odoo/addons\n");
        Procs.run("/usr/bin/python3", "-m", "venv", "--without-pip", odoo.resolve("venv").toString()).orThrow();

        Path tar = project.resolve("target/jib-image.tar");
        Path digestFile = project.resolve("target/jib-image.digest");
        MavenRunner.Result first = build(maven, project, work, "build-1");
        assertFalse(first.output().contains("jib:buildTar skipped"), "first build");
        assertTrue(first.output().contains("recorded the inputs of jib-image.tar"), "stamp recorded after Jib");
        FileTime time = Files.getLastModifiedTime(tar);
        String bytes = Digests.sha256Hex(tar);
        String digest = Files.readString(digestFile).trim();

        MavenRunner.Result second = build(maven, project, work, "build-2");
        assertTrue(second.output().contains("odoo: jib:buildTar skipped: jib-image.tar is up to date (image " + digest),
                "second build with nothing changed");
        assertEquals(time, Files.getLastModifiedTime(tar), "jib-image.tar not rewritten");
        assertEquals(bytes, Digests.sha256Hex(tar));
        assertTrue(Files.readString(odoo.resolve("image.env")).contains(digest), "image-ref still writes the reference");

        Files.writeString(odoo.resolve("src/odoo/odoo/release.py"), "# one changed line\n", StandardOpenOption.APPEND);
        MavenRunner.Result third = build(maven, project, work, "build-3");
        assertFalse(third.output().contains("jib:buildTar skipped"), "a source file changed");
        assertNotEquals(digest, Files.readString(digestFile).trim(), "the changed file is in the new image");
        assertNotEquals(time, Files.getLastModifiedTime(tar));

        MavenRunner.Result fourth = build(maven, project, work, "build-4", "-Dodoo.image.rebuild=true");
        assertFalse(fourth.output().contains("jib:buildTar skipped"), "-Dodoo.image.rebuild forces Jib");

        // The goals `mvn package` binds: odoo:image-tar runs Jib only when the tarball is stale.
        digest = Files.readString(digestFile).trim();
        time = Files.getLastModifiedTime(tar);
        MavenRunner.Result fifth = packageGoals(maven, project, work, "build-5");
        assertTrue(fifth.output().contains("odoo: jib:buildTar skipped: jib-image.tar is up to date (image " + digest),
                "package goals, nothing changed");
        assertFalse(fifth.output().contains("Containerizing application"), "Jib is not run");
        assertFalse(fifth.output().contains("running jib:buildTar"), "Jib is not run");
        assertEquals(time, Files.getLastModifiedTime(tar), "jib-image.tar not rewritten");

        Files.writeString(odoo.resolve("src/odoo/odoo/release.py"), "# another line\n", StandardOpenOption.APPEND);
        MavenRunner.Result sixth = packageGoals(maven, project, work, "build-6");
        assertTrue(sixth.output().contains("odoo: running jib:buildTar"), "a source file changed");
        assertTrue(sixth.output().contains("Running extension: dev.odooimage.image.OdooJibExtension"),
                "Jib runs with the pom's configuration (our extension)");
        String sixthDigest = Files.readString(digestFile).trim();
        assertNotEquals(digest, sixthDigest, "the changed file is in the new image");
        assertTrue(Files.readString(odoo.resolve("image.env")).contains(sixthDigest), "image-ref after Jib");

        // The same inputs through `mvn jib:buildTar` (the CLI path) give the same image.
        MavenRunner.Result seventh = build(maven, project, work, "build-7", "-Dodoo.image.rebuild=true");
        assertFalse(seventh.output().contains("jib:buildTar skipped"));
        assertEquals(sixthDigest, Files.readString(digestFile).trim(), "odoo:image-tar and jib:buildTar build one image");

        Files.writeString(odoo.resolve("src/odoo/odoo/release.py"), "# a third line\n", StandardOpenOption.APPEND);
        time = Files.getLastModifiedTime(tar);
        MavenRunner.Result eighth = packageGoals(maven, project, work, "build-8", "-Djib.skip");
        assertTrue(eighth.output().contains("odoo: jib:buildTar skipped (jib.skip is set)"), "jib.skip is honoured");
        assertEquals(time, Files.getLastModifiedTime(tar), "jib.skip: no new tarball");
    }

    private static MavenRunner.Result packageGoals(MavenRunner maven, Path project, Path work, String name,
            String... more) {
        return goals(maven, project, work, name, "odoo:image-tar", more);
    }

    private static MavenRunner.Result build(MavenRunner maven, Path project, Path work, String name, String... more) {
        return goals(maven, project, work, name, "jib:buildTar", more);
    }

    /** prepare-image, the goal that writes the tarball, image-ref: the image goals of {@code mvn package}. */
    private static MavenRunner.Result goals(MavenRunner maven, Path project, Path work, String name, String tarGoal,
            String... more) {
        String[] args = new String[3 + more.length];
        args[0] = "odoo:prepare-image";
        args[1] = tarGoal;
        args[2] = "odoo:image-ref";
        System.arraycopy(more, 0, args, 3, more.length);
        return maven.run(project, work.resolve(name + ".log"), args).assertSuccess();
    }
}
