package dev.odooimage.image;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shared set-up of the runtime script tests: one real PostgreSQL per test class with a
 * password-protected {@code odoo} role, and a fresh {@link ScriptHarness} per test.
 */
abstract class PostgresScriptTest {
    static final String DB_SECRET = "db-Pa55word-6c1f0e";
    static ThrowAwayPostgres pg;

    @TempDir
    Path tmp;
    ScriptHarness h;

    @BeforeAll
    static void postgres() throws Exception {
        pg = ThrowAwayPostgres.start();
        pg.sql("postgres", "CREATE ROLE odoo LOGIN CREATEDB PASSWORD '" + DB_SECRET + "'");
    }

    @AfterAll
    static void stop() throws Exception {
        if (pg != null) {
            pg.close();
            pg = null;
        }
    }

    @BeforeEach
    void harness() throws IOException {
        h = new ScriptHarness(tmp);
    }
}
