package dev.odooimage.base;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.odooimage.credentials.Credential;
import dev.odooimage.util.OdooImageException;

/** odoo:pin-base's logic against a real registry on 127.0.0.1 (docker-registry + skopeo). */
class PinBaseRegistryTest {

    @TempDir
    static Path work;
    static LocalRegistry registry;

    @BeforeAll
    static void startRegistry() throws Exception {
        registry = LocalRegistry.start(work);
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        if (registry != null) {
            registry.close();
        }
    }

    private static String pom(String baseImage) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <project>
                  <!-- <odoo.base.image>commented/out:old</odoo.base.image> must stay as is -->
                  <properties>
                    <odoo.series>17.0</odoo.series>
                    <!-- Base image: the human tag. -->
                    <odoo.base.image>%s</odoo.base.image>
                    <odoo.python.version>3.11</odoo.python.version>
                  </properties>
                  <build><plugins><plugin>
                    <configuration><from><image>${odoo.base.image}</image></from></configuration>
                  </plugin></plugins></build>
                </project>
                """.formatted(baseImage);
    }

    private static BaseImagePinner pinner() {
        return new BaseImagePinner(new RegistryClient(Credential.Provider.NONE)::resolve);
    }

    private static Path writePom(String name, String baseImage) throws Exception {
        Path dir = Files.createDirectories(work.resolve(name));
        Path pom = dir.resolve("pom.xml");
        Files.writeString(pom, pom(baseImage), StandardCharsets.UTF_8);
        return pom;
    }

    @Test
    void pinsTheTagToItsManifestDigestAndChangesNothingElse() throws Exception {
        String digest = registry.pushImage("test/python", "3.11-bookworm", "first");
        String tagged = registry.host() + "/test/python:3.11-bookworm";
        Path pom = writePom("rewrite", tagged);

        BaseImagePinner.Result result = pinner().pin(pom, "odoo.base.image", false);

        assertTrue(result.changed());
        assertEquals(tagged + "@" + digest, result.after().text());
        assertEquals(pom(tagged + "@" + digest), Files.readString(pom), "only the property value changes");
    }

    @Test
    void secondRunRewritesNothingAndNeedsNoRegistry() throws Exception {
        String digest = registry.pushImage("test/python", "3.11-second", "second");
        Path pom = writePom("second", registry.host() + "/test/python:3.11-second");
        pinner().pin(pom, "odoo.base.image", false);
        byte[] pinned = Files.readAllBytes(pom);
        FileTime stamp = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(pom, stamp);

        // A resolver that must not be called: a pinned base stays offline.
        BaseImagePinner.Result again = new BaseImagePinner(image -> {
            throw new AssertionError("registry asked although the base is pinned");
        }).pin(pom, "odoo.base.image", false);

        assertFalse(again.changed());
        assertFalse(again.resolved());
        assertEquals(digest, again.after().digest());
        assertEquals(new String(pinned, StandardCharsets.UTF_8), Files.readString(pom));
        assertEquals(stamp, Files.getLastModifiedTime(pom), "the pom is not even rewritten");
    }

    @Test
    void refreshMovesTheDigestOnlyWhenTheTagMoved() throws Exception {
        String first = registry.pushImage("test/moving", "3.10-trixie", "release 1");
        String tagged = registry.host() + "/test/moving:3.10-trixie";
        Path pom = writePom("refresh", tagged);
        pinner().pin(pom, "odoo.base.image", false);

        FileTime stamp = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(pom, stamp);
        BaseImagePinner.Result unchanged = pinner().pin(pom, "odoo.base.image", true);
        assertTrue(unchanged.resolved());
        assertFalse(unchanged.changed());
        assertEquals(stamp, Files.getLastModifiedTime(pom), "refresh of an unmoved tag rewrites nothing");

        String second = registry.pushImage("test/moving", "3.10-trixie", "release 2");
        assertFalse(first.equals(second));
        BaseImagePinner.Result notAsked = pinner().pin(pom, "odoo.base.image", false);
        assertEquals(first, notAsked.after().digest(), "without refresh the pinned digest stays");

        BaseImagePinner.Result moved = pinner().pin(pom, "odoo.base.image", true);
        assertTrue(moved.changed());
        assertEquals(first, moved.before().digest());
        assertEquals(second, moved.after().digest());
        assertEquals(pom(tagged + "@" + second), Files.readString(pom));
    }

    @Test
    void multiPlatformTagIsPinnedToItsIndex() throws Exception {
        String indexDigest = registry.pushIndex("test/multi", "3.12-trixie", "multi");
        Path pom = writePom("index", registry.host() + "/test/multi:3.12-trixie");

        BaseImagePinner.Result result = pinner().pin(pom, "odoo.base.image", false);

        assertEquals(indexDigest, result.after().digest());
        assertEquals("application/vnd.oci.image.index.v1+json",
                new RegistryClient(Credential.Provider.NONE).resolve(result.before()).mediaType());
    }

    @Test
    void unknownTagFailsNamingTagAndRepository() throws Exception {
        registry.pushImage("test/python", "3.11-known", "known");
        Path pom = writePom("unknown", registry.host() + "/test/python:3.11-missing");
        String before = Files.readString(pom);

        OdooImageException e = assertThrows(OdooImageException.class,
                () -> pinner().pin(pom, "odoo.base.image", false));

        assertTrue(e.getMessage().contains("3.11-missing") && e.getMessage().contains("test/python"), e.getMessage());
        assertEquals(before, Files.readString(pom), "a failed pin leaves the pom untouched");
    }

    @Test
    void policyRefusesTheUnpinnedBaseAndAcceptsItOncePinned() throws Exception {
        registry.pushImage("test/python", "3.11-policy", "policy");
        String tagged = registry.host() + "/test/python:3.11-policy";
        Path pom = writePom("policy", tagged);

        OdooImageException refused = assertThrows(OdooImageException.class,
                () -> BaseImagePolicy.check(tagged, "property odoo.base.image of pom.xml", false));
        assertTrue(refused.getMessage().contains("mvn odoo:pin-base"), refused.getMessage());
        assertTrue(refused.getMessage().contains("-Dodoo.base.allowUnpinned"), refused.getMessage());
        assertTrue(BaseImagePolicy.check(tagged, "pom.xml", true).isPresent(), "opt-out warns");

        String pinned = pinner().pin(pom, "odoo.base.image", false).after().text();
        assertTrue(BaseImagePolicy.check(pinned, "pom.xml", false).isEmpty());
    }
}
