package dev.odooimage.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

import org.apache.maven.execution.MavenSession;
import org.apache.maven.model.Build;
import org.apache.maven.model.Model;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.ContainerBuildPlan;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import com.google.cloud.tools.jib.api.buildplan.Port;
import com.google.cloud.tools.jib.maven.extension.JibMavenPluginExtension;
import com.google.cloud.tools.jib.maven.extension.MavenData;
import com.google.cloud.tools.jib.plugins.extension.JibPluginExtensionException;

import dev.odooimage.imageprep.ImagePreparation;

class OdooJibExtensionTest {
    @TempDir
    Path tmp;

    private MavenProject project() throws IOException {
        WorkDirFixture f = new WorkDirFixture(tmp).aggregates("odoo", "customer").venv()
                .addonsPath("/opt/odoo/src/odoo/addons,/opt/odoo/src/customer");
        f.write("src/odoo/odoo-bin", "#!/usr/bin/env python3\n", "rwxr-xr-x");
        f.write("src/customer/x/__manifest__.py", "{}\n", "rw-r--r--");
        Files.writeString(tmp.resolve("repos.lock.yaml"), "./odoo: {}\n");
        Files.writeString(tmp.resolve("requirements.lock.txt"), "x==1\n");
        Model model = new Model();
        model.setGroupId("com.acme");
        model.setArtifactId("acme-odoo");
        model.setVersion("3.1.0");
        model.setUrl("https://git.example.org/acme/odoo-image");
        Build build = new Build();
        build.setDirectory(tmp.resolve("target").toString());
        model.setBuild(build);
        model.getProperties().setProperty("odoo.series", "17.0");
        model.getProperties().setProperty("odoo.image.user", "1001:1002");
        MavenProject project = new MavenProject(model);
        project.setFile(tmp.resolve("pom.xml").toFile());
        return project;
    }

    /** What odoo:prepare-image does before Jib: the hand-off, from the same extension properties. */
    static void prepare(MavenProject project, Map<String, String> extensionProperties) {
        ImageSettings settings = ImageSettings.resolve(extensionProperties, new java.util.Properties(),
                project.getProperties());
        new ImagePreparation(new ImagePreparation.Project(project.getBasedir().toPath(),
                Path.of(project.getBuild().getDirectory()), project.getVersion(), project.getArtifactId(),
                project.getUrl()), settings, w -> { }).run();
    }

    private static MavenData data(MavenProject project) {
        return new MavenData() {
            @Override
            public MavenProject getMavenProject() {
                return project;
            }

            @Override
            public MavenSession getMavenSession() {
                return null;
            }
        };
    }

    /** What Jib hands to extensions for a project without classes, plus user settings. */
    private static ContainerBuildPlan jibPlan(Path someFile) {
        return ContainerBuildPlan.builder()
                .setBaseImage("127.0.0.1:5000/odoo-base:bookworm")
                .addLayer(FileEntriesLayer.builder().setName("classes")
                        .addEntry(new FileEntry(someFile, AbsoluteUnixPath.get("/app/classes/x"),
                                com.google.cloud.tools.jib.api.buildplan.FilePermissions.DEFAULT_FILE_PERMISSIONS,
                                FileEntriesLayer.DEFAULT_MODIFICATION_TIME))
                        .build())
                .setEntrypoint(List.of("/usr/local/bin/odoo-run"))
                .addEnvironmentVariable("TZ", "Europe/Madrid")
                .addEnvironmentVariable("LANG", "fr_FR.UTF-8")
                .addLabel("org.opencontainers.image.vendor", "ACME")
                .addExposedPort(Port.tcp(8080))
                .build();
    }

    @SuppressWarnings("unchecked")
    private static JibMavenPluginExtension<Void> discovered() {
        for (JibMavenPluginExtension<?> e : ServiceLoader.load(JibMavenPluginExtension.class)) {
            if (e instanceof OdooJibExtension) {
                return (JibMavenPluginExtension<Void>) e;
            }
        }
        throw new AssertionError("OdooJibExtension is not registered in META-INF/services");
    }

    @Test
    void replacesJavaLayersAndConfiguresTheContainer() throws Exception {
        MavenProject project = project();
        prepare(project, Map.of("userName", "erp"));
        List<String> log = new ArrayList<>();
        ContainerBuildPlan out = discovered().extendContainerBuildPlan(jibPlan(tmp.resolve("repos.lock.yaml")),
                Map.of("userName", "erp"), Optional.empty(), data(project), (level, msg) -> log.add(level + " " + msg));

        List<String> names = out.getLayers().stream().map(l -> ((FileEntriesLayer) l).getName()).toList();
        assertEquals("odoo runtime scripts and skeleton", names.get(0));
        assertTrue(names.get(1).startsWith("python venv"));
        assertTrue(names.get(2).startsWith("source odoo"));
        assertTrue(names.get(3).startsWith("source customer"));
        assertTrue(names.get(4).startsWith("addons_path"));
        assertEquals(5, names.size(), "Jib's classes layer is gone");

        FileEntry run = ((FileEntriesLayer) out.getLayers().get(0)).getEntries().stream()
                .filter(e -> e.getExtractionPath().toString().equals("/run/odoo")).findFirst().orElseThrow();
        assertEquals("700", run.getPermissions().toOctalString());
        assertEquals("1001:1002", run.getOwnership(), "odoo.image.user from the pom");
        assertEquals(FileEntriesLayer.DEFAULT_MODIFICATION_TIME, run.getModificationTime());

        assertEquals("1001:1002", out.getUser());
        assertEquals(List.of("/usr/local/bin/odoo-run"), out.getEntrypoint());
        assertEquals(AbsoluteUnixPath.get("/var/lib/odoo"), out.getWorkingDirectory());
        assertTrue(out.getExposedPorts().containsAll(List.of(Port.tcp(8069), Port.tcp(8072), Port.tcp(8080))));
        assertTrue(out.getVolumes().contains(AbsoluteUnixPath.get("/var/lib/odoo")));
        assertEquals("erp", out.getEnvironment().get("USER"), "extension property");
        assertEquals("Europe/Madrid", out.getEnvironment().get("TZ"));
        assertEquals("fr_FR.UTF-8", out.getEnvironment().get("LANG"), "the client's <environment> wins");
        assertEquals("ACME", out.getLabels().get("org.opencontainers.image.vendor"));
        assertEquals("3.1.0", out.getLabels().get("org.opencontainers.image.version"));
        assertEquals("https://git.example.org/acme/odoo-image", out.getLabels().get("org.opencontainers.image.source"));
        assertEquals("17.0", out.getLabels().get("dev.odooimage.odoo.series"));
        assertEquals("127.0.0.1:5000/odoo-base:bookworm", out.getLabels().get("dev.odooimage.base-image"));
        assertTrue(log.stream().anyMatch(l -> l.contains("lib64")), log.toString());
    }

    @Test
    void theBaseImageLabelNamesTheConfiguredReferenceEvenForATarBase() throws Exception {
        MavenProject project = project();
        org.apache.maven.model.Plugin jib = new org.apache.maven.model.Plugin();
        jib.setGroupId("com.google.cloud.tools");
        jib.setArtifactId("jib-maven-plugin");
        jib.setConfiguration(org.codehaus.plexus.util.xml.Xpp3DomBuilder.build(new java.io.StringReader(
                "<configuration><from><image>tar:///srv/bases/debian-odoo.tar</image></from></configuration>")));
        project.getBuild().addPlugin(jib);
        prepare(project, Map.of());
        ContainerBuildPlan scratch = jibPlan(tmp.resolve("repos.lock.yaml")).toBuilder().setBaseImage("scratch")
                .build();
        ContainerBuildPlan out = discovered().extendContainerBuildPlan(scratch, Map.of(), Optional.empty(),
                data(project), (level, msg) -> { });
        assertEquals("tar:///srv/bases/debian-odoo.tar", out.getLabels().get("dev.odooimage.base-image"));
        assertEquals("scratch", out.getBaseImage(), "what Jib builds from is untouched");
    }

    @Test
    void userErrorsBecomeExtensionExceptionsWithTheMessage() throws Exception {
        MavenProject project = project();
        JibPluginExtensionException e = assertThrows(JibPluginExtensionException.class,
                () -> discovered().extendContainerBuildPlan(jibPlan(tmp.resolve("repos.lock.yaml")), Map.of(),
                        Optional.empty(), data(project), (level, msg) -> { }));
        assertTrue(e.getMessage().contains("image-handoff.properties is missing")
                && e.getMessage().contains("Run `mvn package` (odoo:prepare-image"), e.getMessage());
        assertEquals(OdooJibExtension.class, e.getExtensionClass());

        prepare(project, Map.of());
        Files.delete(tmp.resolve("target/odoo/addons_path"));
        e = assertThrows(JibPluginExtensionException.class,
                () -> discovered().extendContainerBuildPlan(jibPlan(tmp.resolve("repos.lock.yaml")), Map.of(),
                        Optional.empty(), data(project), (level, msg) -> { }));
        assertTrue(e.getMessage().contains("is stale: " + tmp.resolve("target/odoo/addons_path") + " changed after"
                + " odoo:prepare-image ran") && e.getMessage().contains("Run `mvn package` again"), e.getMessage());
    }

    @Test
    void prepareImageLooksForTheExtensionByItsRealClassName() {
        assertEquals(OdooJibExtension.class.getName(), ImageSettings.EXTENSION_CLASS);
    }

    @Test
    void aSettingJibSeesDifferentlyFromPrepareImageIsAStaleHandOff() throws Exception {
        MavenProject project = project();
        prepare(project, Map.of("userName", "erp"));
        JibPluginExtensionException e = assertThrows(JibPluginExtensionException.class,
                () -> discovered().extendContainerBuildPlan(jibPlan(tmp.resolve("repos.lock.yaml")),
                        Map.of("userName", "other"), Optional.empty(), data(project), (level, msg) -> { }));
        assertTrue(e.getMessage().contains("the setting userName is 'other' for Jib but was 'erp' when"
                + " odoo:prepare-image ran"), e.getMessage());
    }
}
