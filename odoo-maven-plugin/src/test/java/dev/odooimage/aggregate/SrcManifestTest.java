package dev.odooimage.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SrcManifestTest {
    @TempDir
    Path tmp;

    @Test
    void readsBackWhatItWroteAndIgnoresUnknownFields() throws Exception {
        SrcManifest m = new SrcManifest(SrcManifest.FORMAT, List.of(
                new SrcManifest.Entry("./odoo", "odoo", List.of(new SrcManifest.MergeEntry("origin",
                        "https://github.com/odoo/odoo.git", "a".repeat(40), "origin 16.0")), "sha256:r", "t", "sha256:d"),
                new SrcManifest.Entry("./oca/web", "oca/web", List.of(), "sha256:r2", null, null)));
        Path file = tmp.resolve("src.json");
        m.write(file);
        assertEquals(Optional.of(m), SrcManifest.read(file));

        Files.writeString(file, Files.readString(file).replace("\"format\"", "\"future\" : {\"x\": [1]},\n  \"format\""));
        assertEquals(Optional.of(m), SrcManifest.read(file), "an unknown field is ignored");
    }

    @Test
    void aWrongTypeOrFormatIsUnreadable() throws Exception {
        Path file = tmp.resolve("src.json");
        for (String json : List.of("{\"format\": 2, \"aggregates\": []}", "{\"format\": 1}",
                "{\"format\": 1, \"aggregates\": [{\"path\": {\"a\": 1}}]}",
                "{\"format\": 1, \"aggregates\": [{\"merges\": [\"x\"]}]}", "[]", "not json")) {
            Files.writeString(file, json);
            assertTrue(SrcManifest.read(file).isEmpty(), json);
        }
        Files.writeString(file, "{\"format\": 1, \"aggregates\": [{\"path\": \"./a\", \"dir\": \"a\"}]}");
        assertEquals(Optional.of(new SrcManifest(1, List.of(new SrcManifest.Entry("./a", "a", null, null, null, null)))),
                SrcManifest.read(file), "missing fields are null");
    }
}
