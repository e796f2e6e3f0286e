package dev.odooimage.addons;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.odooimage.addons.PyLiteralParser.PyDict;

/** Reads one {@code __manifest__.py} (or {@code __openerp__.py}) into a {@link Manifest}. */
public final class ManifestReader {
    private ManifestReader() {
    }

    /**
     * @param file        the manifest file
     * @param displayName how the file is named in errors (e.g. its path relative to the project)
     */
    public static Manifest read(Path file, String displayName) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new ManifestSyntaxException(displayName, 1, 1, "not valid UTF-8 (Python 3 reads manifests as UTF-8);"
                    + " re-save the file as UTF-8");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + displayName, e);
        }
        return fromText(text, displayName, file.getFileName().toString().equals("__openerp__.py"));
    }

    public static Manifest fromText(String text, String displayName, boolean legacyFile) {
        PyLiteralParser.Parsed parsed = PyLiteralParser.parseWithJoins(text, displayName);
        Object value = parsed.value();
        if (!(value instanceof PyDict dict)) {
            throw new ManifestSyntaxException(displayName, 1, 1, "a manifest must be one dict literal { ... }");
        }
        Keys keys = new Keys(dict, displayName);
        String title = keys.string("name");
        String version = keys.string("version");
        String license = keys.string("license");
        List<String> depends = keys.names("depends", "'depends': ['base']");
        for (PyLiteralParser.Joined j : parsed.joined()) {
            if (depends != null && depends.contains(j.value())) {
                // Odoo would look for an addon 'baseweb' and report it missing.
                throw new ManifestSyntaxException(displayName, j.line(), j.column(), "depends entry '" + j.value()
                        + "' is the strings " + j.parts().stream().map(p -> "'" + p + "'").toList()
                        + " written side by side, which Python joins into one: a comma is missing between them");
            }
        }
        boolean installable = keys.bool("installable", true);
        boolean autoInstall = false;
        List<String> triggers = null;
        Object ai = dict.get("auto_install");
        if (ai instanceof Collection<?>) {
            triggers = keys.names("auto_install", "'auto_install': ['sale', 'stock']");
            autoInstall = true;
        } else {
            autoInstall = keys.bool("auto_install", false);
        }
        Map<String, List<String>> ext = new LinkedHashMap<>();
        Object e = dict.get("external_dependencies");
        if (e != null) {
            if (!(e instanceof Map<?, ?> m)) {
                throw keys.error("external_dependencies", "must be a dict, e.g. {'python': ['requests'], 'bin': []}");
            }
            for (Map.Entry<?, ?> en : m.entrySet()) {
                if (!(en.getKey() instanceof String kind) || !isStrings(en.getValue())) {
                    throw keys.error("external_dependencies", "must map 'python'/'bin'/... to lists of names");
                }
                ext.put(kind, strings(en.getValue()));
            }
        }
        return new Manifest(title, version, license == null ? Manifest.DEFAULT_LICENSE : license, license != null,
                depends, autoInstall, triggers, installable, ext, legacyFile);
    }

    private static boolean isStrings(Object v) {
        return v instanceof Collection<?> c && !(v instanceof Map) && c.stream().allMatch(String.class::isInstance);
    }

    private static List<String> strings(Object v) {
        List<String> out = new ArrayList<>();
        for (Object o : (Collection<?>) v) {
            out.add((String) o);
        }
        return out;
    }

    /** Typed access to top-level keys, failing at the key's position. */
    private record Keys(PyDict dict, String file) {
        String string(String key) {
            Object v = dict.get(key);
            if (v == null || v instanceof String) {
                return (String) v;
            }
            throw error(key, "must be a string, e.g. '" + key + "': '...'");
        }

        boolean bool(String key, boolean dflt) {
            if (!dict.containsKey(key)) {
                return dflt;
            }
            Object v = dict.get(key);
            if (v instanceof Boolean b) {
                return b;
            }
            throw error(key, "must be True or False");
        }

        List<String> names(String key, String example) {
            Object v = dict.get(key);
            if (v == null && !dict.containsKey(key)) {
                return List.of();
            }
            if (!isStrings(v) || v instanceof Set<?> && key.equals("depends")) {
                throw error(key, "must be a list of addon names, e.g. " + example);
            }
            return strings(v);
        }

        ManifestSyntaxException error(String key, String message) {
            int[] at = dict.position(key);
            return new ManifestSyntaxException(file, at == null ? 1 : at[0], at == null ? 1 : at[1],
                    "'" + key + "' " + message);
        }
    }
}
