package dev.odooimage.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.odooimage.util.OdooImageException;

class ImageRefFilesTest {
    private static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

    @TempDir
    Path tmp;

    private Path jibJson(String image, String digest) throws Exception {
        Path f = tmp.resolve("jib-image.json");
        Files.writeString(f, "{\"image\":\"" + image + "\",\"imageId\":\"sha256:" + "f".repeat(64)
                + "\",\"imageDigest\":\"" + digest + "\",\"tags\":[\"17.0-r0001\"],\"imagePushed\":false}");
        return f;
    }

    @Test
    void writesTheImageByDigestForComposeAndKustomize() throws Exception {
        ImageRefFiles.BuiltImage image = ImageRefFiles.read(jibJson("127.0.0.1:5000/clients/acme:17.0-r0001", DIGEST));
        assertEquals("127.0.0.1:5000/clients/acme", image.name(), "a registry port is not a tag");
        assertEquals("17.0-r0001", image.tag());
        assertEquals("127.0.0.1:5000/clients/acme:17.0-r0001@" + DIGEST, image.reference());

        Path work = tmp.resolve("target/odoo");
        ImageRefFiles.write(image, work);
        String env = Files.readString(work.resolve("image.env"));
        assertTrue(env.contains("\nIMAGE=127.0.0.1:5000/clients/acme:17.0-r0001@" + DIGEST + "\n"), env);
        assertTrue(env.contains("\nIMAGE_DIGEST=" + DIGEST + "\n"), env);
        String component = Files.readString(work.resolve("kustomize/kustomization.yaml"));
        assertTrue(component.contains("kind: Component\nimages:\n  - name: odoo-image\n"
                + "    newName: 127.0.0.1:5000/clients/acme\n    newTag: \"17.0-r0001\"\n    digest: " + DIGEST + "\n"),
                component);
    }

    @Test
    void anUntaggedImageHasOnlyItsDigest() throws Exception {
        ImageRefFiles.BuiltImage image = ImageRefFiles.read(jibJson("registry.example.com:443/odoo/acme", DIGEST));
        assertNull(image.tag());
        assertEquals("registry.example.com:443/odoo/acme@" + DIGEST, image.reference());
        assertTrue(!ImageRefFiles.component(image).contains("newTag"));
    }

    @Test
    void badJibOutputNamesTheFileAndKey() throws Exception {
        Path f = jibJson("acme:1", "sha256:short");
        OdooImageException e = assertThrows(OdooImageException.class, () -> ImageRefFiles.read(f));
        assertTrue(e.getMessage().contains(f + ": imageDigest 'sha256:short'"), e.getMessage());
        Files.writeString(f, "{\"imageDigest\":\"" + DIGEST + "\"}");
        e = assertThrows(OdooImageException.class, () -> ImageRefFiles.read(f));
        assertTrue(e.getMessage().contains(f + " has no 'image'"), e.getMessage());
        Files.writeString(f, "{not json");
        e = assertThrows(OdooImageException.class, () -> ImageRefFiles.read(f));
        assertTrue(e.getMessage().contains(f + " cannot be read"), e.getMessage());
    }
}
