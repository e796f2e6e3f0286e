package dev.odooimage.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The python-imports line shows one result per module; other output is counted, not spliced in. */
class ImportsSummaryTest {

    @Test
    void resultsOnlyWhenTheImportsPrintNothingElse() {
        assertEquals("ok odoo; absent ldap (optional)",
                SmokeRunner.importsSummary(List.of("ok odoo", "absent ldap (optional)")));
    }

    @Test
    void warningsPrintedAtImportAreCountedAfterTheResults() {
        // What Odoo 16 prints on a setuptools that still has pkg_resources (seen in RealOdooIT).
        String warning = "/opt/odoo/src/odoo/odoo/modules/module.py:11: UserWarning: pkg_resources is deprecated as an"
                + " API. See https://setuptools.pypa.io/en/latest/pkg_resources.html.";
        assertEquals("ok odoo; ok psycopg2 (2 other line(s) printed at import, the first: "
                + warning.substring(0, 100) + "...)",
                SmokeRunner.importsSummary(List.of(warning, "  import pkg_resources", "ok odoo", "ok psycopg2")));
    }
}
