package dev.odooimage.verify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import dev.odooimage.contract.ImagePaths;

/**
 * {@code /etc/odoo/addons_path} is the one the build generated, and every entry of it is
 * a directory of the image holding addons. A locked repository's root may hold none (the
 * contract keeps empty locked repositories in the path); any other entry must hold one.
 */
final class AddonsPathCheck {
    static final String IMAGE_FILE = ImagePaths.ADDONS_PATH;
    private static final String ID = "addons-path";
    private static final String TITLE = IMAGE_FILE + " matches the build and lists addon roots";

    private AddonsPathCheck() {
    }

    /**
     * @param expected       content of target/odoo/addons_path, null when the build wrote none
     * @param aggregateRoots image paths of the locked repositories ("/opt/odoo/src/oca/web")
     */
    static CheckResult check(ImageFilesystem fs, String expected, Set<String> aggregateRoots) {
        if (expected == null) {
            return CheckResult.fail(ID, TITLE, "the build wrote no addons_path in the work directory;"
                    + " run `mvn package` (odoo:addons-path) before odoo:verify");
        }
        var content = fs.readString(IMAGE_FILE);
        if (content.isEmpty()) {
            return CheckResult.fail(ID, TITLE, IMAGE_FILE + " is missing from the image: the image step must"
                    + " add the generated addons_path");
        }
        String actual = content.get().trim();
        if (!actual.equals(expected.trim())) {
            return CheckResult.fail(ID, TITLE, IMAGE_FILE + " differs from the build's addons_path: the tarball"
                    + " is stale, rebuild it with `mvn package`",
                    List.of("image: " + actual, "build: " + expected.trim()));
        }
        List<String> entries = Arrays.stream(actual.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .toList();
        if (entries.isEmpty()) {
            return CheckResult.fail(ID, TITLE, IMAGE_FILE + " is empty");
        }
        List<String> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        int addons = 0;
        for (String entry : entries) {
            if (!fs.isDirectory(entry)) {
                problems.add(entry + " is not a directory in the image");
                continue;
            }
            int here = countAddons(fs, entry);
            addons += here;
            if (here == 0) {
                if (aggregateRoots.contains(LayerEntry.normalise(entry))) {
                    notes.add(entry + " holds no addon yet (allowed for a locked repository)");
                } else {
                    problems.add(entry + " holds no addon (no subdirectory with __init__.py and __manifest__.py)");
                }
            } else {
                notes.add(entry + ": " + here + " addon(s)");
            }
        }
        if (!problems.isEmpty()) {
            return CheckResult.fail(ID, TITLE, problems.get(0), problems);
        }
        return CheckResult.pass(ID, TITLE, entries.size() + " entries, " + addons + " addons", notes);
    }

    static int countAddons(ImageFilesystem fs, String root) {
        int n = 0;
        for (LayerEntry child : fs.children(root)) {
            String dir = child.path();
            if (fs.isDirectory(dir) && fs.isFile(dir + "/__init__.py") && fs.isFile(dir + "/__manifest__.py")) {
                n++;
            }
        }
        return n;
    }
}
