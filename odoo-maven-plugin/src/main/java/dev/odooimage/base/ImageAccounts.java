package dev.odooimage.base;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The users and groups of a base image ({@code /etc/passwd}, {@code /etc/group}), so that the
 * runtime uid/gid can be checked against them.
 */
public record ImageAccounts(List<User> users, List<Group> groups) {

    /** A passwd(5) line. */
    public record User(String name, long uid, long gid, String home, String shell) {
    }

    /** A group(5) line. */
    public record Group(String name, long gid, List<String> members) {
    }

    public ImageAccounts {
        users = List.copyOf(users);
        groups = List.copyOf(groups);
    }

    public static ImageAccounts of(BaseImageFiles files) {
        List<User> users = new ArrayList<>();
        for (String[] f : fields(files.readString("/etc/passwd").orElse(""), 7)) {
            users.add(new User(f[0], number(f[2]), number(f[3]), f[5], f[6]));
        }
        List<Group> groups = new ArrayList<>();
        for (String[] f : fields(files.readString("/etc/group").orElse(""), 4)) {
            groups.add(new Group(f[0], number(f[2]), f[3].isEmpty() ? List.of() : List.of(f[3].split(","))));
        }
        return new ImageAccounts(users, groups);
    }

    private static List<String[]> fields(String text, int count) {
        List<String[]> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.split(":", -1);
            if (f.length >= count && !line.startsWith("#") && number(f[2]) >= 0) {
                out.add(f);
            }
        }
        return out;
    }

    private static long number(String s) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public Optional<User> user(long uid) {
        return users.stream().filter(u -> u.uid() == uid).findFirst();
    }

    public Optional<User> user(String name) {
        return users.stream().filter(u -> u.name().equals(name)).findFirst();
    }

    public Optional<Group> group(long gid) {
        return groups.stream().filter(g -> g.gid() == gid).findFirst();
    }
}
