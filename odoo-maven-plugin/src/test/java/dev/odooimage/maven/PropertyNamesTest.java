package dev.odooimage.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * Every property of every goal, read from the help descriptor {@code mvn odoo:help -Ddetail}
 * prints, follows one pattern, and none is a renamed one.
 */
class PropertyNamesTest {

    private static final Pattern PATTERN = Pattern.compile("odoo\\.[a-z][a-zA-Z]*\\.[a-z][a-zA-Z]*");

    /** Project-wide values every goal reads (no area). */
    private static final Set<String> PROJECT_WIDE = Set.of("odoo.series", "odoo.workDirectory");

    static Set<String> helpProperties() throws IOException {
        try (InputStream in = PropertyNamesTest.class
                .getResourceAsStream("/META-INF/maven/dev.odooimage/odoo-maven-plugin/plugin-help.xml")) {
            String xml = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            Set<String> names = new TreeSet<>();
            Matcher m = Pattern.compile("\\$\\{(odoo\\.[^}]*)}").matcher(xml);
            while (m.find()) {
                names.add(m.group(1));
            }
            return names;
        }
    }

    @Test
    void everyPropertyIsAreaDotNameOrGoalDotSkip() throws IOException {
        Set<String> names = helpProperties();
        assertTrue(names.size() > 60, "the help lists the goals' properties: " + names);
        Set<String> off = new TreeSet<>();
        for (String n : names) {
            if (!PROJECT_WIDE.contains(n) && !PATTERN.matcher(n).matches()) {
                off.add(n);
            }
        }
        assertEquals(Set.of(), off, "properties off the odoo.<area>.<name> pattern");
    }

    @Test
    void theHelpListsTheNewNamesAndNoneOfTheOld() throws IOException {
        Set<String> names = helpProperties();
        Set<String> old = new TreeSet<>(RenamedProperties.RENAMED.keySet());
        old.retainAll(names);
        assertEquals(Set.of(), old);
        for (String renamed : RenamedProperties.RENAMED.values()) {
            assertTrue(names.contains(renamed), renamed + " is in the help");
        }
    }
}
