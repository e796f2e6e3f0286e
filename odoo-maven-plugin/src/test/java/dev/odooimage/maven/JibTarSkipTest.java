package dev.odooimage.maven;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.apache.maven.execution.DefaultMavenExecutionRequest;
import org.apache.maven.execution.DefaultMavenExecutionResult;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;

class JibTarSkipTest {

    @Test
    void onlyATarballBuildMaySkipJib() {
        assertTrue(JibTarSkip.onlyBuildTar(List.of("package")));
        assertTrue(JibTarSkip.onlyBuildTar(List.of("clean", "install")));
        assertTrue(JibTarSkip.onlyBuildTar(List.of("odoo:prepare-image", "jib:buildTar", "odoo:image-ref")));
        assertTrue(JibTarSkip.onlyBuildTar(List.of("com.google.cloud.tools:jib-maven-plugin:3.5.1:buildTar")));
        assertFalse(JibTarSkip.onlyBuildTar(List.of("deploy")), "mvn deploy pushes: the registry may lack the image");
        assertFalse(JibTarSkip.onlyBuildTar(List.of("package", "jib:build")));
        assertFalse(JibTarSkip.onlyBuildTar(List.of("package", "jib:dockerBuild")));
        assertFalse(JibTarSkip.onlyBuildTar(List.of("com.google.cloud.tools:jib-maven-plugin:3.5.1:build")));
    }

    /** odoo:image-tar runs Jib unless prepare-image found the tarball up to date or jib.skip is set as Jib reads it. */
    @SuppressWarnings("deprecation") // the plain session constructor: no container needed to read properties
    @Test
    void imageTarSkipsJibOnlyWhenToldTo() {
        MavenProject project = new MavenProject();
        DefaultMavenExecutionRequest request = new DefaultMavenExecutionRequest();
        MavenSession session = new MavenSession(null, null, request, new DefaultMavenExecutionResult());
        assertFalse(JibTarSkip.skipped(project, session), "nothing said: Jib runs");
        request.getUserProperties().setProperty("jib.skip", "false");
        assertFalse(JibTarSkip.skipped(project, session), "-Djib.skip=false");
        request.getUserProperties().setProperty("jib.skip", "true");
        assertTrue(JibTarSkip.skipped(project, session), "-Djib.skip=true");
        assertFalse(JibTarSkip.upToDate(project), "the user's skip is not prepare-image's decision");
        request.getUserProperties().setProperty("jib.skip", "");
        assertTrue(JibTarSkip.skipped(project, session), "-Djib.skip");

        request.getUserProperties().clear();
        project.getProperties().setProperty("jib.skip", "true");
        assertTrue(JibTarSkip.skipped(project, session), "the pom's property");
        request.getUserProperties().setProperty("jib.skip", "false");
        assertFalse(JibTarSkip.skipped(project, session), "the command line wins over the pom, as for Jib");
    }
}
