package dev.odooimage.python;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A wheel file name per the binary distribution format: name-version(-build)?-python-abi-platform.whl. */
public record WheelName(String name, String version, String python, String abi, String platform) {
    private static final Pattern P = Pattern.compile(
            "([^-]+)-([^-]+)(?:-([0-9][^-]*))?-([^-]+)-([^-]+)-([^-]+)\\.whl");

    /** Null when {@code fileName} is not a wheel name. */
    public static WheelName parseOrNull(String fileName) {
        Matcher m = P.matcher(fileName);
        if (!m.matches()) {
            return null;
        }
        return new WheelName(m.group(1), m.group(2), m.group(4), m.group(5), m.group(6));
    }

    /** Every {@code python-abi-platform} triple the compressed tag set expands to. */
    public Set<String> tags() {
        Set<String> tags = new LinkedHashSet<>();
        for (String py : python.split("\\.")) {
            for (String a : abi.split("\\.")) {
                for (String p : platform.split("\\.")) {
                    tags.add(py + "-" + a + "-" + p);
                }
            }
        }
        return tags;
    }

    public boolean isCompatible(PythonTarget target) {
        Set<String> supported = target.supportedTags();
        return tags().stream().anyMatch(supported::contains);
    }

    /** A pure Python 3 wheel: no ABI, any platform. */
    public boolean isPurePython3() {
        return "none".equals(abi) && "any".equals(platform)
                && java.util.Arrays.stream(python.split("\\.")).anyMatch(t -> t.startsWith("py3"));
    }

    /** {@code .dist-info} directory name inside the wheel. */
    public String distInfo() {
        return name + "-" + version + ".dist-info";
    }

    public String dataDir() {
        return name + "-" + version + ".data";
    }
}
