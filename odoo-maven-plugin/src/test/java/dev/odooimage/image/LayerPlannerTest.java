package dev.odooimage.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.odooimage.contract.ImagePaths;
import dev.odooimage.util.OdooImageException;

class LayerPlannerTest {
    @TempDir
    Path tmp;

    private WorkDirFixture typical(Path root) throws IOException {
        WorkDirFixture f = new WorkDirFixture(root).aggregates("./odoo", "./oca/web", "./customer").venv()
                .addonsPath("/opt/odoo/src/odoo/odoo/addons,/opt/odoo/src/odoo/addons,/opt/odoo/src/oca/web,"
                        + "/opt/odoo/src/customer");
        f.write("src/odoo/odoo-bin", "#!/usr/bin/env python3\n", "rwxr-xr-x");
        f.write("src/odoo/odoo/addons/base/__manifest__.py", "{}\n", "rw-r--r--");
        f.write("src/odoo/requirements.txt", "psycopg2\n", "rw-r--r--");
        f.write("src/oca/web/web_x/__manifest__.py", "{}\n", "rw-r--r--");
        f.write("src/oca/web/.git", "gitdir: /somewhere/else\n", "rw-r--r--");
        f.write("src/customer/.git/config", "[credential]\n helper = store\n", "rw-------");
        f.write("src/customer/tools/run.sh", "#!/bin/sh\n", "rwx------");
        Files.createDirectories(f.work.resolve("src/customer/empty_dir"));
        // Pipeline files that must never reach the image.
        f.write("requirements.effective.in", "x==1\n", "rw-r--r--");
        f.write("addons.json", "{}\n", "rw-r--r--");
        f.write("pip-cache/http/abc", "cached wheel\n", "rw-r--r--");
        return f;
    }

    @Test
    void layersComeInOrderLeastToMostChanging() throws IOException {
        LayerPlan plan = typical(tmp).planner(new ArrayList<>()).plan();
        List<String> names = plan.layers().stream().map(PlannedLayer::name).toList();
        assertEquals(6, names.size(), names.toString());
        assertEquals("odoo runtime scripts and skeleton", names.get(0));
        assertTrue(names.get(1).startsWith("python venv"), names.get(1));
        assertTrue(names.get(2).startsWith("source odoo "), names.get(2));
        assertTrue(names.get(3).startsWith("source oca/web "), names.get(3));
        assertTrue(names.get(4).startsWith("source customer "), names.get(4));
        assertTrue(names.get(5).startsWith("addons_path"), names.get(5));
        assertEquals(List.of("odoo", "oca/web", "customer"), plan.aggregates());
        assertEquals("/opt/odoo/src/odoo/odoo-bin", plan.odooBin());
        // Each aggregate layer holds only its own tree.
        assertTrue(plan.layers().get(3).entries().stream()
                .allMatch(e -> e.imagePath().startsWith("/opt/odoo/src/oca/web")));
        assertEquals(List.of("/etc/odoo/addons_path"),
                plan.layers().get(5).entries().stream().map(PlannedEntry::imagePath).toList());
    }

    @Test
    void addonDigestsGoNextToTheAddonsPathAndTheirAbsenceIsSaid() throws IOException {
        WorkDirFixture f = typical(tmp);
        List<String> warnings = new ArrayList<>();
        f.planner(warnings).plan();
        assertTrue(warnings.stream().anyMatch(w -> w.contains("addons.digests is missing")
                && w.contains("odoo-update --changed")), warnings.toString());

        f.write("addons.digests", "base sha256:00\n", "rw-------");
        warnings.clear();
        PlannedLayer last = f.planner(warnings).plan().layers().get(5);
        assertEquals(List.of("/etc/odoo/addons_path", "/etc/odoo/addons.digests"),
                last.entries().stream().map(PlannedEntry::imagePath).toList());
        assertEquals("644", last.entries().get(1).octalMode(), "readable by the runtime user whatever the build's umask");
        assertEquals(Ownership.ROOT, last.entries().get(1).owner());
        assertFalse(warnings.stream().anyMatch(w -> w.contains("addons.digests")), warnings.toString());
    }

    @Test
    void skeletonHasScriptsAndPrivateDirectoriesOwnedByTheRuntimeUser() throws IOException {
        PlannedLayer runtime = typical(tmp).planner(new ArrayList<>()).plan().layers().get(0);
        Map<String, PlannedEntry> byPath = index(runtime.entries());
        assertEquals(List.of("/etc/odoo", "/run/odoo", "/usr/local/bin/odoo-init", "/usr/local/bin/odoo-run",
                "/usr/local/bin/odoo-shell", "/usr/local/bin/odoo-update", "/var/lib/odoo"),
                runtime.entries().stream().map(PlannedEntry::imagePath).toList());
        assertEquals("700", byPath.get("/run/odoo").octalMode());
        assertEquals(new Ownership(1000, 1000), byPath.get("/run/odoo").owner());
        assertTrue(byPath.get("/run/odoo").directory());
        assertEquals("750", byPath.get("/var/lib/odoo").octalMode());
        assertEquals(new Ownership(1000, 1000), byPath.get("/var/lib/odoo").owner());
        assertEquals(Ownership.ROOT, byPath.get("/etc/odoo").owner());
        for (String s : ImagePaths.SCRIPTS) {
            PlannedEntry e = byPath.get("/usr/local/bin/" + s);
            assertEquals("755", e.octalMode());
            assertEquals(Ownership.ROOT, e.owner());
            String text = Files.readString(e.source(), StandardCharsets.UTF_8);
            assertTrue(text.startsWith("#!/opt/odoo/venv/bin/python\n"), s + " runs with the venv's python");
        }
    }

    @Test
    void modesKeepExecutableBitsAndIgnoreTheUmask() throws IOException {
        LayerPlan plan = typical(tmp).planner(new ArrayList<>()).plan();
        Map<String, PlannedEntry> all = index(plan.layers().stream().flatMap(l -> l.entries().stream()).toList());
        assertEquals("755", all.get("/opt/odoo/src/odoo/odoo-bin").octalMode());
        // rwx------ on the host (umask 077) is still world-readable and executable in the image.
        assertEquals("755", all.get("/opt/odoo/src/customer/tools/run.sh").octalMode());
        assertEquals("644", all.get("/opt/odoo/src/odoo/odoo/addons/base/__manifest__.py").octalMode());
        assertEquals("755", all.get("/opt/odoo/src/customer/empty_dir").octalMode());
        assertTrue(all.get("/opt/odoo/src/customer/empty_dir").directory());
        // Code belongs to root: the runtime user cannot change it.
        assertTrue(plan.layers().subList(1, plan.layers().size()).stream().flatMap(l -> l.entries().stream())
                .allMatch(e -> e.owner().equals(Ownership.ROOT)));
    }

    @Test
    void onlyWhitelistedPipelineFilesAndNoGitMetadataReachTheImage() throws IOException {
        LayerPlan plan = typical(tmp).planner(new ArrayList<>()).plan();
        List<PlannedEntry> all = plan.layers().stream().flatMap(l -> l.entries().stream()).toList();
        for (PlannedEntry e : all) {
            assertFalse(e.imagePath().contains("/.git"), e.imagePath());
            assertFalse(e.imagePath().contains("pip-cache"), e.imagePath());
            assertFalse(e.imagePath().contains("requirements.effective"), e.imagePath());
            assertFalse(e.imagePath().contains("addons.json"), e.imagePath());
            assertFalse(e.source().toString().contains("/.git"), e.source().toString());
        }
        // Upstream source files stay: the source tree is shipped as aggregated.
        assertTrue(all.stream().anyMatch(e -> e.imagePath().equals("/opt/odoo/src/odoo/requirements.txt")));
    }

    @Test
    void entriesAreSortedAndTheSameFromAnotherCheckoutDirectory() throws IOException {
        LayerPlan a = typical(tmp.resolve("one")).planner(new ArrayList<>()).plan();
        LayerPlan b = typical(tmp.resolve("elsewhere/two")).planner(new ArrayList<>()).plan();
        assertEquals(describe(a), describe(b));
        for (PlannedLayer l : a.layers()) {
            List<String> paths = l.entries().stream().map(PlannedEntry::imagePath).toList();
            List<String> sorted = new ArrayList<>(paths);
            sorted.sort(LayerPlannerTest::byComponents);
            assertEquals(sorted, paths, "entries of '" + l.name() + "' in path order, parents first");
        }
    }

    @Test
    void venvSymlinksAreHandledDeliberately() throws IOException {
        List<String> warnings = new ArrayList<>();
        LayerPlan plan = typical(tmp).planner(warnings).plan();
        Map<String, PlannedEntry> venv = index(plan.layers().get(1).entries());
        // lib64 -> lib is left out, with a warning.
        assertFalse(venv.containsKey("/opt/odoo/venv/lib64"));
        assertTrue(warnings.stream().anyMatch(w -> w.contains("/opt/odoo/venv/lib64")), warnings.toString());
        // python -> python3 -> /usr/bin/python3 (an image path): a launcher keeping the venv active.
        for (String name : List.of("python", "python3")) {
            PlannedEntry e = venv.get("/opt/odoo/venv/bin/" + name);
            assertEquals("755", e.octalMode());
            String launcher = Files.readString(e.source(), StandardCharsets.UTF_8);
            assertTrue(launcher.startsWith("#!/bin/bash\n"), launcher);
            assertTrue(launcher.contains("exec -a \"$0\" /usr/bin/python3 \"$@\""), launcher);
        }
        assertTrue(venv.containsKey("/opt/odoo/venv/lib/python3.11/site-packages/psycopg2/__init__.py"));
    }

    @Test
    void aLinkToAFileInsideTheTreeBecomesACopy() throws IOException {
        WorkDirFixture f = typical(tmp);
        f.write("src/customer/README.md", "read me\n", "rw-r--r--");
        Files.createSymbolicLink(f.work.resolve("src/customer/README"), Path.of("README.md"));
        PlannedEntry e = index(f.planner(new ArrayList<>()).plan().layers().get(4).entries())
                .get("/opt/odoo/src/customer/README");
        assertEquals("read me\n", Files.readString(e.source(), StandardCharsets.UTF_8));
        assertFalse(Files.isSymbolicLink(e.source()));
    }

    @Test
    void aLinkLeavingTheTreeFailsNamingIt() throws IOException {
        WorkDirFixture f = typical(tmp);
        Files.createSymbolicLink(f.work.resolve("src/customer/secrets"), Path.of("/etc/passwd"));
        OdooImageException e = assertThrows(OdooImageException.class, () -> f.planner(new ArrayList<>()).plan());
        assertTrue(e.getMessage().contains("src/customer/secrets -> /etc/passwd"), e.getMessage());
        assertTrue(e.getMessage().contains("Jib cannot store symbolic links"), e.getMessage());
    }

    @Test
    void aDanglingOrEscapingRelativeLinkFails() throws IOException {
        WorkDirFixture f = typical(tmp);
        Files.createSymbolicLink(f.work.resolve("src/odoo/up"), Path.of("../customer/tools/run.sh"));
        OdooImageException e = assertThrows(OdooImageException.class, () -> f.planner(new ArrayList<>()).plan());
        assertTrue(e.getMessage().contains("src/odoo/up -> ../customer/tools/run.sh"), e.getMessage());
    }

    @Test
    void missingPipelineOutputsNameTheGoalToRun() throws IOException {
        WorkDirFixture f = new WorkDirFixture(tmp);
        OdooImageException e = assertThrows(OdooImageException.class, () -> f.planner(new ArrayList<>()).plan());
        assertTrue(e.getMessage().contains("src.json") && e.getMessage().contains("odoo:aggregate"), e.getMessage());
        f.aggregates("odoo");
        e = assertThrows(OdooImageException.class, () -> f.planner(new ArrayList<>()).plan());
        assertTrue(e.getMessage().contains("venv") && e.getMessage().contains("odoo:python-env"), e.getMessage());
        f.venv();
        e = assertThrows(OdooImageException.class, () -> f.planner(new ArrayList<>()).plan());
        assertTrue(e.getMessage().contains("addons_path") && e.getMessage().contains("odoo:addons-path"),
                e.getMessage());
        f.addonsPath("/opt/odoo/src/odoo/addons");
        Files.delete(f.work.resolve("src/odoo"));
        e = assertThrows(OdooImageException.class, () -> f.planner(new ArrayList<>()).plan());
        assertTrue(e.getMessage().contains("src/odoo is missing"), e.getMessage());
    }

    @Test
    void noOdooBinIsReportedAsNull() throws IOException {
        WorkDirFixture f = new WorkDirFixture(tmp).aggregates("oca/web").venv().addonsPath("/opt/odoo/src/oca/web");
        assertNull(f.planner(new ArrayList<>()).plan().odooBin());
    }

    /** Path order component by component: a directory, then its children by name. */
    private static int byComponents(String a, String b) {
        String[] x = a.split("/");
        String[] y = b.split("/");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = x[i].compareTo(y[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }

    private static Map<String, PlannedEntry> index(List<PlannedEntry> entries) {
        return entries.stream().collect(Collectors.toMap(PlannedEntry::imagePath, Function.identity()));
    }

    /** Everything that reaches the image: path, mode, owner, kind and content digest. */
    private static List<String> describe(LayerPlan plan) throws IOException {
        List<String> out = new ArrayList<>();
        for (PlannedLayer l : plan.layers()) {
            out.add("layer " + l.name());
            for (PlannedEntry e : l.entries()) {
                String content = e.directory() ? "dir" : dev.odooimage.util.Digests.sha256Hex(e.source());
                out.add(e.imagePath() + " " + e.octalMode() + " " + e.owner() + " " + content);
            }
        }
        return out;
    }
}
