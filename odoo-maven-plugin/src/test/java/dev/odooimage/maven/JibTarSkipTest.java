package dev.odooimage.maven;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

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
}
