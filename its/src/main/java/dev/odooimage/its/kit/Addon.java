package dev.odooimage.its.kit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Odoo addon of a fixture repository: a directory with {@code __init__.py} and
 * {@code __manifest__.py}, optional {@code external_dependencies} (python) and optional python code
 * in its {@code __init__.py} (e.g. a broken import to prove loading fails loudly).
 */
public record Addon(String name, List<String> depends, List<String> pythonDependencies,
        String initCode) {

    public Addon {
        depends = List.copyOf(depends);
        pythonDependencies = List.copyOf(pythonDependencies);
    }

    /** An addon named {@code name} depending on {@code depends}. */
    public static Addon of(String name, String... depends) {
        return new Addon(name, List.of(depends), List.of(), null);
    }

    /** The same addon with {@code external_dependencies = {'python': [...]}} in its manifest. */
    public Addon withPython(String... packages) {
        return new Addon(name, depends, List.of(packages), initCode);
    }

    /** The same addon whose {@code __init__.py} is {@code code}. */
    public Addon withInit(String code) {
        return new Addon(name, depends, pythonDependencies, code);
    }

    /** Files of this addon, with paths under {@code prefix} ("" for a repo whose root is it). */
    public Map<String, String> files(String prefix, String series) {
        Map<String, String> files = new LinkedHashMap<>();
        String p = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
        files.put(p + "__manifest__.py", manifest(series));
        files.put(p + "__init__.py", initCode != null ? initCode : "from . import models\n");
        if (initCode == null) {
            files.put(p + "models/__init__.py", "from . import " + name + "\n");
            files.put(p + "models/" + name + ".py",
                    "# Stand-in model module of the fixture addon " + name + ".\n"
                            + "ADDON = " + py(name) + "\n");
        }
        return files;
    }

    /** The {@code __manifest__.py} text, like the ones Odoo and OCA write. */
    public String manifest(String series) {
        List<String> lines = new ArrayList<>();
        lines.add("# -*- coding: utf-8 -*-");
        lines.add("{");
        lines.add("    'name': " + py(title()) + ",");
        lines.add("    'version': " + py(series + ".1.0.0") + ",");
        lines.add("    'summary': " + py("Fixture addon " + name) + ",");
        lines.add("    'license': 'LGPL-3',");
        lines.add("    'depends': " + pyList(depends) + ",");
        if (!pythonDependencies.isEmpty()) {
            lines.add("    'external_dependencies': {'python': " + pyList(pythonDependencies) + "},");
        }
        lines.add("    'data': [],");
        lines.add("    'installable': True,");
        lines.add("}");
        return String.join("\n", lines) + "\n";
    }

    private String title() {
        StringBuilder sb = new StringBuilder();
        for (String w : name.split("_")) {
            if (!w.isEmpty()) {
                sb.append(sb.length() == 0 ? "" : " ").append(Character.toUpperCase(w.charAt(0)))
                        .append(w.substring(1));
            }
        }
        return sb.toString();
    }

    private static String py(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static String pyList(List<String> items) {
        List<String> quoted = new ArrayList<>();
        for (String i : items) {
            quoted.add(py(i));
        }
        return "[" + String.join(", ", quoted) + "]";
    }
}
