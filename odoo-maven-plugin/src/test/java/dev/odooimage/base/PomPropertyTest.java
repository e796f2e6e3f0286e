package dev.odooimage.base;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.odooimage.util.OdooImageException;

class PomPropertyTest {
    private static final Path POM = Path.of("client/pom.xml");

    @Test
    void replacesOnlyTheLiveValueKeepingSpacingAndComments() {
        String pom = "<project>\r\n  <!-- <p>old:1</p> -->\r\n  <properties>\r\n    <p>  a/b:1  </p>\r\n"
                + "    <q>a/b:1</q>\r\n  </properties>\r\n</project>\r\n";
        PomProperty p = PomProperty.find(pom, "p", POM);
        assertEquals("a/b:1", p.value());
        assertEquals(4, p.line());
        assertEquals(pom.replace("<p>  a/b:1  </p>", "<p>  a/b:1@x  </p>"), p.replaceIn(pom, "a/b:1@x"));
    }

    @Test
    void missingOrDuplicatedPropertyIsAnErrorNamingThePom() {
        OdooImageException missing = assertThrows(OdooImageException.class,
                () -> PomProperty.find("<project/>", "odoo.base.image", POM));
        assertTrue(missing.getMessage().startsWith(POM + ": no <odoo.base.image>"), missing.getMessage());

        String twice = "<project>\n<properties><b>x:1</b></properties>\n<profiles><profile><properties>\n"
                + "<b>x:2</b></properties></profile></profiles></project>";
        OdooImageException dup = assertThrows(OdooImageException.class, () -> PomProperty.find(twice, "b", POM));
        assertTrue(dup.getMessage().contains("lines 2, 4"), dup.getMessage());
    }
}
