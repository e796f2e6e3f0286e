package dev.odooimage.python;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.odooimage.util.OdooImageException;

/** Console and GUI scripts from a wheel's entry_points.txt, as the launcher text pip writes on POSIX. */
final class EntryPoints {
    private static final Pattern ENTRY = Pattern.compile(
            "([^=\\s]+)\\s*=\\s*([A-Za-z_][\\w.]*)\\s*(?::\\s*([A-Za-z_][\\w.]*))?\\s*(\\[.*\\])?");

    private EntryPoints() {
    }

    /** Script name -> script text with a {@code #!python} placeholder shebang, sorted by name. */
    static Map<String, String> scripts(String entryPointsTxt, String displayName) {
        Map<String, String> scripts = new TreeMap<>();
        String section = "";
        for (String raw : entryPointsTxt.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1).strip();
                continue;
            }
            if (!section.equals("console_scripts") && !section.equals("gui_scripts")) {
                continue;
            }
            Matcher m = ENTRY.matcher(line);
            if (!m.matches() || m.group(1).contains("/")) {
                throw new OdooImageException(displayName + ": bad entry point in entry_points.txt: " + line);
            }
            String module = m.group(2);
            String attr = m.group(3);
            String body;
            if (attr == null) {
                body = "import " + module + "\n" + "if __name__ == '__main__':\n"
                        + "    sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])\n"
                        + "    sys.exit(" + module + "())\n";
            } else {
                String head = attr.split("\\.")[0];
                body = "from " + module + " import " + head + "\n" + "if __name__ == '__main__':\n"
                        + "    sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])\n"
                        + "    sys.exit(" + attr + "())\n";
            }
            scripts.put(m.group(1), "#!python\n# -*- coding: utf-8 -*-\nimport re\nimport sys\n" + body);
        }
        return scripts;
    }
}
