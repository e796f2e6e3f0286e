package dev.odooimage.addons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The addons-path stamp: what its key covers, and when a recorded run is replayed. */
class AddonsPathStampTest {
    @TempDir
    Path project;

    private Path work() {
        return project.resolve("target/odoo");
    }

    private AddonsPathService.Options options(LicensePolicy policy) {
        return AddonsPathService.Options.builder().srcDir(work().resolve("src")).aggregates(List.of("./odoo", "./customer"))
                .licensePolicy(policy).pythonInputs(List.of(project.resolve("requirements.in")))
                .displayBase(project).build();
    }

    @Test
    void aRecordedRunIsReplayedUntilAnInputOrAnOutputMoves() throws Exception {
        new SourceTree(work().resolve("src")).odoo("odoo", "17.0", "web", "sale")
                .addon("customer/my_sale", "{'version': '1.0', 'depends': ['sale'], 'license': 'AGPL-3'}");
        Files.writeString(project.resolve("requirements.in"), "requests\n");
        Path srcJson = work().resolve("src.json");
        Files.writeString(srcJson, "{\"aggregates\": [\"digest one\"]}\n");
        AddonsPathService.Options options = options(LicensePolicy.REPORT);
        String key = AddonsPathStamp.key(options, srcJson, "plugin 1");
        assertTrue(AddonsPathStamp.upToDate(work(), key).isEmpty(), "nothing recorded yet");

        Diagnostics diag = new Diagnostics();
        Inventory inv = AddonsPathService.generate(options, work(), diag);
        AddonsPathStamp.record(work(), key, diag, inv, options.imageSourceRoot());

        AddonsPathStamp.Replay replay = AddonsPathStamp.upToDate(work(), key).orElseThrow();
        assertEquals(diag.infos(), replay.infos());
        assertEquals(diag.warnings(), replay.warnings());
        assertEquals(4, replay.addons());
        assertEquals(List.of("/opt/odoo/src/odoo/odoo/addons", "/opt/odoo/src/odoo/addons", "/opt/odoo/src/customer"),
                replay.roots());
        assertEquals(key, AddonsPathStamp.key(options, srcJson, "plugin 1"), "same inputs, same key");

        // Each input moves the key: the sources (src.json's digests), a Python input, an option, the plugin.
        Files.writeString(srcJson, "{\"aggregates\": [\"digest two\"]}\n");
        assertNotEquals(key, AddonsPathStamp.key(options, srcJson, "plugin 1"));
        Files.writeString(srcJson, "{\"aggregates\": [\"digest one\"]}\n");
        Files.writeString(project.resolve("requirements.in"), "requests\nlxml\n");
        assertNotEquals(key, AddonsPathStamp.key(options, srcJson, "plugin 1"));
        Files.writeString(project.resolve("requirements.in"), "requests\n");
        assertNotEquals(key, AddonsPathStamp.key(options(LicensePolicy.COMMUNITY_ONLY), srcJson, "plugin 1"));
        assertNotEquals(key, AddonsPathStamp.key(options, srcJson, "plugin 2"));
        assertEquals(key, AddonsPathStamp.key(options, srcJson, "plugin 1"));

        // An output that is not what the recorded run wrote: no replay.
        Files.writeString(work().resolve("addons_path"), "/elsewhere\n");
        assertTrue(AddonsPathStamp.upToDate(work(), key).isEmpty());
        AddonsPathService.generate(options, work(), new Diagnostics());
        assertTrue(AddonsPathStamp.upToDate(work(), key).isPresent(), "the same bytes again");

        AddonsPathStamp.invalidate(work());
        assertFalse(Files.exists(work().resolve(AddonsPathStamp.FILE)));
        assertTrue(AddonsPathStamp.upToDate(work(), key).isEmpty());
    }
}
