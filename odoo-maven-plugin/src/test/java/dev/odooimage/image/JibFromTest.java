package dev.odooimage.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.File;
import java.io.StringReader;
import java.util.Properties;

import org.apache.maven.model.Build;
import org.apache.maven.model.Model;
import org.apache.maven.model.Plugin;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3DomBuilder;
import org.junit.jupiter.api.Test;

import dev.odooimage.base.BaseReference;

/** The one base image decision and Jib's {@code <from>} credentials, as Jib reads them. */
class JibFromTest {
    private static final String TAG = "127.0.0.1:5000/odoo-base:bookworm";
    private static final String PINNED = TAG + "@sha256:" + "a".repeat(64);

    /** A project as Maven builds it: the original model as written, the effective one interpolated. */
    private static MavenProject project(String rawFrom, String effectiveFrom, String baseValue) throws Exception {
        Model model = new Model();
        model.setBuild(new Build());
        if (effectiveFrom != null) {
            model.getBuild().addPlugin(jib(effectiveFrom));
        }
        if (baseValue != null) {
            model.getProperties().setProperty("odoo.base.image", baseValue);
        }
        MavenProject project = new MavenProject(model);
        project.setFile(new File("/work/client/pom.xml"));
        Model original = new Model();
        original.setBuild(new Build());
        if (rawFrom != null) {
            original.getBuild().addPlugin(jib(rawFrom));
        }
        project.setOriginalModel(original);
        return project;
    }

    private static Plugin jib(String from) throws Exception {
        Plugin jib = new Plugin();
        jib.setGroupId("com.google.cloud.tools");
        jib.setArtifactId("jib-maven-plugin");
        jib.setConfiguration(Xpp3DomBuilder.build(new StringReader("<configuration><from>" + from
                + "</from></configuration>")));
        return jib;
    }

    private static BaseReference base(MavenProject project, Properties user) {
        return JibFrom.base(project, user, new Properties(), "odoo.base.image").orElseThrow();
    }

    @Test
    void withoutJibTheBasePropertyDecides() throws Exception {
        BaseReference base = base(project(null, null, TAG), new Properties());
        assertEquals(TAG, base.reference());
        assertEquals("property odoo.base.image of /work/client/pom.xml", base.where());
        assertEquals("odoo.base.image", base.property());
        assertEquals(BaseReference.Source.BASE_PROPERTY, base.source());
        assertFalse(JibFrom.base(project(null, null, null), new Properties(), null, "odoo.base.image").isPresent());
    }

    @Test
    void jibsFromImageIsReadWithTodaysPropertyValuesSoAPinInTheSameRunCounts() throws Exception {
        // Maven interpolated <from><image> when it read the pom; odoo:pin-base changed the property since.
        MavenProject project = project("<image>${odoo.base.image}</image>", "<image>" + TAG + "</image>", PINNED);
        BaseReference base = base(project, new Properties());
        assertEquals(PINNED, base.reference());
        assertEquals("odoo.base.image", base.property());
        assertEquals(BaseReference.Source.JIB_CONFIGURATION, base.source());
        assertEquals("property odoo.base.image of /work/client/pom.xml (Jib's <from><image>)", base.where());

        Properties user = new Properties();
        user.setProperty("odoo.base.image", "registry.example/other:1");
        assertEquals("registry.example/other:1", base(project, user).reference(), "-D wins, as in Maven's interpolation");
    }

    @Test
    void aLiteralFromImageWinsOverTheBasePropertyAsJibBuildsOnIt() throws Exception {
        MavenProject project = project("<image>registry.example/debian-python:12</image>",
                "<image>registry.example/debian-python:12</image>", TAG);
        BaseReference base = base(project, new Properties());
        assertEquals("registry.example/debian-python:12", base.reference());
        assertNull(base.property());
        assertEquals("Jib's <from><image> of /work/client/pom.xml", base.where());
    }

    @Test
    void jibFromImagePropertiesComeFirstAndTheDerivedTarballNeverHidesTheBase() throws Exception {
        MavenProject project = project("<image>${odoo.base.image}</image>", "<image>" + TAG + "</image>", TAG);
        project.getProperties().setProperty("jib.from.image", "tar:///srv/base.tar");
        assertEquals("tar:///srv/base.tar", base(project, new Properties()).reference());
        Properties user = new Properties();
        user.setProperty("jib.from.image", "tar:///cli/base.tar");
        BaseReference cli = base(project, user);
        assertEquals("tar:///cli/base.tar", cli.reference());
        assertEquals("-Djib.from.image", cli.where());

        // odoo:system-packages points Jib at base + packages; every goal still sees the configured base.
        project.getProperties().setProperty("odoo.system.derivedFrom", "tar:///cli/base.tar");
        project.getProperties().setProperty("jib.from.image", "tar:///work/target/odoo/system/base-with-packages.tar");
        assertEquals("tar:///cli/base.tar", base(project, new Properties()).reference());
        assertEquals(BaseReference.Source.DERIVED_FROM, base(project, new Properties()).source());
    }

    @Test
    void fromAuthAndCredHelperAsJibReadsThemPropertiesFirst() throws Exception {
        MavenProject project = project(null, "<image>" + TAG + "</image><auth><username>pom-user</username>"
                + "<password>pom-pass</password></auth><credHelper><helper>ecr-login</helper></credHelper>", TAG);
        JibFrom jib = JibFrom.of(project, new Properties(), new Properties());
        assertEquals("pom-user", jib.authUsername());
        assertEquals("pom-pass", jib.authPassword());
        assertEquals("ecr-login", jib.credHelper());
        assertFalse(jib.toString().contains("pom-pass"));

        Properties user = new Properties();
        user.setProperty("jib.from.auth.username", "cli-user");
        user.setProperty("jib.from.credHelper", "pass");
        jib = JibFrom.of(project, user, new Properties());
        assertEquals("cli-user", jib.authUsername());
        assertEquals("pass", jib.credHelper());

        MavenProject plain = project(null, "<image>" + TAG + "</image><credHelper>gcr</credHelper>", TAG);
        assertEquals("gcr", JibFrom.of(plain, null, null).credHelper());
    }
}
