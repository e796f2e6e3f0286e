package dev.odooimage.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.odooimage.system.TestElf;

/**
 * The shared-libraries check of odoo:verify on crafted ELF files in crafted images: what ld.so
 * would find (multiarch dirs through merged-/usr links, ld.so.conf includes, RPATH/RUNPATH with
 * $ORIGIN as auditwheel writes it for a wheel's .libs) passes; a miss fails naming file and library.
 */
class SharedLibrariesCheckTest {
    static final String SITE = "/opt/odoo/venv/lib/python3.11/site-packages";
    @TempDir
    Path tmp;

    private CheckResult run(GoodImage g, Map<String, String> providers) throws Exception {
        VerifyOptions o = g.options();
        VerifyOptions with = o.toBuilder().libraryProviders(providers).build();
        VerifyReport r = new ImageVerifier().verify(g.write(tmp.resolve("img.tar"), TestImage.Format.DOCKER), with);
        for (CheckResult c : r.checks()) {
            if (!c.id().equals(SharedLibrariesCheck.ID)) {
                assertEquals(CheckResult.Status.PASS, c.status(), c.id() + ": " + c.message());
            }
        }
        return r.checks().stream().filter(c -> c.id().equals(SharedLibrariesCheck.ID)).findFirst().orElseThrow();
    }

    @Test
    void librariesFoundTheWayTheLoaderFindsThemPass() throws Exception {
        GoodImage g = new GoodImage()
                .extra("base", l -> l.symlink("/lib", "usr/lib")
                        .file("/etc/ld.so.conf", "include /etc/ld.so.conf.d/*.conf\n")
                        .file("/etc/ld.so.conf.d/odd.conf", "# comment\n/usr/local/lib/odd\n")
                        .file("/usr/local/lib/odd/libodd.so.1", "ELF")
                        .symlink("/usr/lib/x86_64-linux-gnu/libxml2.so.2", "libxml2.so.2.9.14")
                        .file("/usr/lib/x86_64-linux-gnu/libxml2.so.2.9.14", "ELF"))
                .extra("venv", l -> l
                        // auditwheel: bundled copies beside the package, found through $ORIGIN
                        .file(SITE + "/lxml/etree.cpython-311-x86_64-linux-gnu.so", TestElf.of(List.of(
                                "libxslt-8f3a1c.so.1.1.34", "libc.so.6"), "$ORIGIN/../lxml.libs", null), 0755, 0)
                        .file(SITE + "/lxml.libs/libxslt-8f3a1c.so.1.1.34", TestElf.of(List.of("libxml2.so.2",
                                "libodd.so.1"), null, "${ORIGIN}"), 0755, 0)
                        // a non-ELF .so (a linker script) and a text file are not inspected
                        .file(SITE + "/x/libtext.so", "/* GNU ld script */ GROUP ( libnone.so.9 )\n"));
        CheckResult c = run(g, Map.of());
        assertEquals(CheckResult.Status.PASS, c.status(), c.message() + " " + c.details());
        assertEquals("3 ELF file(s) checked, every needed library found", c.message());
    }

    @Test
    void aMissNamesTheFileTheLibraryAndThePackageToAdd() throws Exception {
        GoodImage g = new GoodImage().extra("venv", l -> l.file(SITE + "/ldap/_ldap.cpython-311-x86_64-linux-gnu.so",
                TestElf.of(List.of("libldap-2.5.so.0", "libc.so.6", "liblber-2.5.so.0"), null, null), 0755, 0));
        CheckResult c = run(g, Map.of("libldap-2.5.so.0", "libldap-2.5-0"));
        assertEquals(CheckResult.Status.FAIL, c.status());
        String file = SITE + "/ldap/_ldap.cpython-311-x86_64-linux-gnu.so";
        assertEquals("2 missing libraries, first " + file + " needs libldap-2.5.so.0, which is not in the image:"
                + " add libldap-2.5-0 to system-runtime-packages.txt and run `mvn odoo:system-lock`", c.message());
        assertEquals(List.of(file + ": libldap-2.5.so.0 is not found in the image (add libldap-2.5-0 to"
                + " system-runtime-packages.txt)", file + ": liblber-2.5.so.0 is not found in the image"), c.details());
        // without the builder's providers file: the generic fix
        CheckResult plain = run(g, Map.of());
        assertTrue(plain.message().endsWith("add the Debian package that ships it to system-runtime-packages.txt"
                + " (`apt-file search libldap-2.5.so.0` names it) and run `mvn odoo:system-lock`"), plain.message());
    }

    @Test
    void thePackageLayerIsCheckedOtherLayersOutsideTheVenvAreNot() throws Exception {
        GoodImage g = new GoodImage();
        g.packageLayer = l -> l.file("/usr/bin/wkhtmltopdf", TestElf.of(List.of("libwkhtmltox.so.0", "libc.so.6"),
                null, null), 0755, 0);
        // the same kind of miss in a layer that is neither the venv nor the package layer is the base's business
        g.extra("runtime", l -> l.file("/usr/local/bin/tool", TestElf.of(List.of("libnothere.so.1"), null, null),
                0755, 0));
        CheckResult c = run(g, Map.of());
        assertEquals(List.of("/usr/bin/wkhtmltopdf: libwkhtmltox.so.0 is not found in the image"), c.details());

        g.packageLayer = g.packageLayer.andThen(l -> l.file("/usr/lib/x86_64-linux-gnu/libwkhtmltox.so.0", TestElf.of(
                List.of("libc.so.6"), null, null), 0755, 0));
        CheckResult ok = run(g, Map.of());
        assertEquals(CheckResult.Status.PASS, ok.status(), ok.details().toString());
        assertEquals("3 ELF file(s) checked, every needed library found", ok.message());
    }

    @Test
    void aLibraryDeletedByALaterLayerIsAMissAndAReplacedFileIsReadFromItsNewLayer() throws Exception {
        GoodImage g = new GoodImage();
        g.packageLayer = l -> l.file("/usr/lib/x86_64-linux-gnu/libfoo.so.1", "ELF");
        g.extra("runtime", l -> l.remove("/usr/lib/x86_64-linux-gnu/libfoo.so.1"));
        g.extra("venv", l -> l.file(SITE + "/foo/_foo.so", TestElf.of(List.of("libfoo.so.1"), null, null), 0755, 0));
        CheckResult c = run(g, Map.of());
        assertEquals(List.of(SITE + "/foo/_foo.so: libfoo.so.1 is not found in the image"), c.details());
    }

    @Test
    void noElfFileSkips() throws Exception {
        GoodImage g = new GoodImage().extra("venv", l -> l.file(GoodImage.PSYCOPG_SO, "not elf any more"));
        CheckResult c = run(g, Map.of());
        assertEquals(CheckResult.Status.SKIP, c.status(), c.message());
    }

    /**
     * As Pillow's wheel is repaired: the extension has DT_RPATH $ORIGIN/../Pillow.libs, the bundled
     * libfreetype only a useless relative RPATH, yet ld.so finds libpng through the extension's
     * RPATH (the loader chain); a bundled library nobody with such an RPATH loads is a miss.
     */
    @Test
    void bundledLibrariesAreFoundThroughTheRpathOfTheObjectThatLoadsThem() throws Exception {
        GoodImage g = new GoodImage().extra("venv", l -> l
                .file(SITE + "/PIL/_imagingft.cpython-311-x86_64-linux-gnu.so", TestElf.of(List.of(
                        "libfreetype-9ff7e0a7.so.6.18.3", "libc.so.6"), "$ORIGIN/../Pillow.libs", null), 0755, 0)
                .file(SITE + "/Pillow.libs/libfreetype-9ff7e0a7.so.6.18.3", TestElf.of(List.of(
                        "libpng16-cb42a3c6.so.16.39.0", "libc.so.6"), "Pillow.libs", null), 0755, 0)
                .file(SITE + "/Pillow.libs/libpng16-cb42a3c6.so.16.39.0", TestElf.of(List.of(
                        "libbrotlicommon-92722cb2.so.1"), "Pillow.libs", null), 0755, 0)
                .file(SITE + "/Pillow.libs/libbrotlicommon-92722cb2.so.1", TestElf.of(List.of("libc.so.6"), null,
                        null), 0755, 0)
                // with a RUNPATH of its own, the loader chain is not searched (glibc)
                .file(SITE + "/Pillow.libs/libwebpmux-87a21b3d.so.3.0.10", TestElf.of(List.of(
                        "libwebp-112793e9.so.7.1.5"), null, "/nowhere"), 0755, 0)
                .file(SITE + "/Pillow.libs/libwebp-112793e9.so.7.1.5", TestElf.of(List.of("libc.so.6"), null,
                        null), 0755, 0)
                .file(SITE + "/PIL/_webp.cpython-311-x86_64-linux-gnu.so", TestElf.of(List.of(
                        "libwebpmux-87a21b3d.so.3.0.10"), "$ORIGIN/../Pillow.libs", null), 0755, 0));
        CheckResult c = run(g, Map.of());
        assertEquals(List.of(SITE + "/Pillow.libs/libwebpmux-87a21b3d.so.3.0.10: libwebp-112793e9.so.7.1.5 is not"
                + " found in the image"), c.details());
    }
}
