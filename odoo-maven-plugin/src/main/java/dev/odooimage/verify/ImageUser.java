package dev.odooimage.verify;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * The user an image runs as, resolved to numbers: the config's {@code User} field may be
 * "1000", "1000:1000", "odoo" or "odoo:odoo"; names are looked up in the image's
 * /etc/passwd and /etc/group, like the runtime does.
 *
 * @param spec  the field as written ("" means root)
 * @param uid   the numeric uid, empty when a name cannot be resolved
 * @param gid   the numeric gid, empty when unknown
 */
public record ImageUser(String spec, OptionalLong uid, OptionalLong gid) {

    public static ImageUser resolve(String spec, ImageFilesystem fs) {
        if (spec == null || spec.isBlank()) {
            return new ImageUser("", OptionalLong.of(0), OptionalLong.of(0));
        }
        String[] parts = spec.split(":", 2);
        OptionalLong uid = number(parts[0]);
        OptionalLong gid = OptionalLong.empty();
        Optional<String[]> passwd = uid.isPresent() ? Optional.empty() : lookup(fs, "/etc/passwd", parts[0]);
        if (passwd.isPresent()) {
            uid = number(passwd.get()[2]);
            gid = number(passwd.get()[3]);
        }
        if (parts.length == 2) {
            gid = number(parts[1]);
            if (gid.isEmpty()) {
                gid = lookup(fs, "/etc/group", parts[1]).map(g -> number(g[2])).orElse(OptionalLong.empty());
            }
        } else if (gid.isEmpty() && uid.isPresent()) {
            // "1000" alone: the runtime uses the passwd entry's group when one exists, else gid 0.
            long u = uid.getAsLong();
            gid = fs.readString("/etc/passwd").flatMap(p -> p.lines().map(l -> l.split(":"))
                    .filter(f -> f.length > 3 && f[2].equals(Long.toString(u))).findFirst())
                    .map(f -> number(f[3])).orElse(OptionalLong.of(0));
        }
        return new ImageUser(spec, uid, gid);
    }

    public boolean isRoot() {
        return uid.isPresent() && uid.getAsLong() == 0;
    }

    private static Optional<String[]> lookup(ImageFilesystem fs, String file, String name) {
        return fs.readString(file).flatMap(text -> text.lines().map(l -> l.split(":"))
                .filter(f -> f.length > 3 && f[0].equals(name)).findFirst());
    }

    private static OptionalLong number(String s) {
        try {
            return OptionalLong.of(Long.parseLong(s.trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
