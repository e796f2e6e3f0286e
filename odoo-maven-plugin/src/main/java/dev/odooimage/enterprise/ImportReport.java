package dev.odooimage.enterprise;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.odooimage.util.AtomicFiles;

/**
 * The audit record of an import, written outside the mirror ({@code
 * target/odoo/enterprise-import/report.json} and {@code report.txt}): the bundle's identity,
 * the Community commit it was classified against, every module's class and why, Community
 * drift with a few paths, and the mirror changes with their commits.
 */
public final class ImportReport {
    public static final String JSON_FILE = "report.json";
    public static final String TEXT_FILE = "report.txt";
    static final int EXAMPLES = 5;

    private ImportReport() {
    }

    public static void write(ImportResult r, Path dir) {
        try {
            AtomicFiles.writeString(dir.resolve(JSON_FILE),
                    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json(r)) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        AtomicFiles.writeString(dir.resolve(TEXT_FILE), String.join("\n", text(r)) + "\n");
    }

    static Map<String, Object> json(ImportResult r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mode", r.applied() ? "apply" : "dry-run");
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("file", r.bundle().fileName());
        b.put("date", r.bundle().date().toString());
        b.put("size", r.bundle().size());
        b.put("sha256", r.bundle().sha256());
        b.put("format", r.bundle().format());
        b.put("series", r.bundle().series());
        b.put("top", r.bundle().top());
        b.put("roots", r.bundle().roots());
        b.put("modules", r.bundle().modules().size());
        b.put("filesOutsideModules", r.bundle().outsideModules());
        out.put("bundle", b);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("aggregate", r.community().aggregate());
        c.put("commits", r.community().commits());
        c.put("series", r.community().series());
        c.put("modules", r.community().modules().size());
        out.put("community", c);
        Map<String, Object> cl = new LinkedHashMap<>();
        cl.put("rule", "a module present in the Community checkout is Community, whatever the bundle holds;"
                + " every other module is Enterprise");
        cl.put("community", r.classification().community());
        Map<String, Object> drift = new LinkedHashMap<>();
        r.classification().drifted().forEach((m, d) -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("files", d.files());
            one.put("changed", d.changed());
            one.put("onlyInBundle", d.onlyInBundle());
            one.put("onlyInCommunity", d.onlyInCheckout());
            drift.put(m, one);
        });
        cl.put("communityDrifted", drift);
        cl.put("enterprise", r.classification().enterprise());
        out.put("classification", cl);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("url", r.mirror());
        m.put("branch", r.branch());
        m.put("before", r.before());
        m.put("after", r.after());
        List<Map<String, Object>> changes = new ArrayList<>();
        for (ModuleChange ch : r.changes()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("module", ch.module());
            one.put("change", ch.kind().id());
            one.put("files", ch.files());
            one.put("reason", ch.reason());
            one.put("commit", ch.commit());
            changes.add(one);
        }
        m.put("changes", changes);
        m.put("readmeChanged", r.readmeChanged());
        m.put("readmeCommit", r.readmeCommit());
        out.put("mirror", m);
        return out;
    }

    static List<String> text(ImportResult r) {
        List<String> out = new ArrayList<>();
        Classification cl = r.classification();
        out.add("odoo:enterprise-import " + (r.applied() ? "(applied)" : "(dry run: nothing committed or pushed)"));
        out.add("bundle     " + r.bundle().fileName() + " (" + r.bundle().format()
                + (r.bundle().series() != null ? ", Odoo " + r.bundle().series() : "") + ", " + r.bundle().size()
                + " bytes, sha256 " + r.bundle().sha256() + ", built " + r.bundle().date() + ")");
        out.add("layout     " + (r.bundle().top().isEmpty() ? "" : r.bundle().top() + "/") + String.join(" + ",
                r.bundle().roots()) + ": " + r.bundle().modules().size() + " modules, "
                + r.bundle().outsideModules() + " files outside modules (Odoo core, not imported)");
        out.add("community  " + r.community().aggregate() + " at " + String.join(", ", r.community().commits())
                + (r.community().series() != null ? " (" + r.community().series() + ")" : "") + ": "
                + r.community().modules().size() + " modules (authoritative)");
        out.add("classified " + cl.community().size() + " Community (identical), " + cl.drifted().size()
                + " Community drifted (not imported), " + cl.enterprise().size() + " Enterprise");
        if (!cl.drifted().isEmpty()) {
            out.add("drift      " + cl.drifted().size() + " Community module(s) differ from the checkout; the"
                    + " checkout wins (refresh Community first if the bundle is newer):");
            cl.drifted().forEach((m, d) -> {
                out.add("  " + m + ": " + d.files() + " file(s)");
                d.examples(EXAMPLES).forEach(p -> out.add("    " + p));
                if (d.files() > EXAMPLES) {
                    out.add("    ... and " + (d.files() - EXAMPLES) + " more");
                }
            });
        }
        out.add("enterprise " + String.join(", ", cl.enterprise()));
        out.add("mirror     " + r.mirror() + " branch " + r.branch() + ": "
                + (r.before() == null ? "new branch" : r.before()) + " -> " + (r.after() == null ? "unchanged" : r.after()));
        if (r.commits() == 0) {
            out.add("changes    none: the mirror already holds this bundle's Enterprise modules and identity");
        }
        for (ModuleChange c : r.changes()) {
            out.add("  " + c.kind().tag() + " " + c.module() + " (" + c.reason() + ")"
                    + (c.commit() != null ? " " + c.commit() : ""));
        }
        if (r.readmeChanged()) {
            out.add("  [IMP] README source bundle identity block" + (r.readmeCommit() != null ? " " + r.readmeCommit() : ""));
        }
        return out;
    }
}
