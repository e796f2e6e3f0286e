package dev.odooimage.base;

import java.util.Optional;

/**
 * Which base image the build uses, decided once for every goal and for the Jib extension's
 * label, in Jib's own order: {@code -Djib.from.image}, the project property
 * {@code jib.from.image}, Jib's {@code <from><image>}, and, when the project configures no Jib
 * base, the pom's base property ({@code odoo.base.image}). When {@code odoo:system-packages} has
 * pointed Jib at the base + package layer tarball, the base is still the one configured before
 * it ({@code odoo.system.derivedFrom}). JDK types only: the Jib extension loads it.
 *
 * @param reference the reference, trimmed
 * @param where     where it is configured, for messages ({@code property odoo.base.image of pom.xml})
 * @param property  the pom property holding it when that is where it is written (what
 *                  {@code odoo:pin-base} rewrites), else null
 * @param source    which place named it
 */
public record BaseReference(String reference, String where, String property, Source source) {

    /** Which of the places named the base. */
    public enum Source { DERIVED_FROM, COMMAND_LINE, PROJECT_PROPERTY, JIB_CONFIGURATION, BASE_PROPERTY }

    /** Property odoo:system-packages sets to the base as configured before its derived tarball. */
    public static final String DERIVED_FROM = "odoo.system.derivedFrom";
    /** The pom property holding the base by default. */
    public static final String DEFAULT_PROPERTY = BasePython.BASE_IMAGE;
    /** The goals' parameter naming another base property. */
    public static final String PROPERTY_PARAMETER = "odoo.base.property";
    /** Jib's property for its base image. */
    public static final String JIB_FROM_IMAGE = "jib.from.image";

    /**
     * What the project and the command line say about the base.
     *
     * @param derivedFrom      {@link #DERIVED_FROM} of the project, or null
     * @param commandLine      {@code -Djib.from.image}, or null
     * @param projectJibFrom   the project property {@code jib.from.image}, or null
     * @param jibImage         Jib's {@code <from><image>} with today's property values, or null
     * @param jibImageProperty the property {@code <from><image>} consists of ({@code ${odoo.base.image}}), or null
     * @param baseProperty     the name of the pom's base property
     * @param baseValue        its value, or null
     * @param pom              the pom file's name for messages, or null
     */
    public record Sources(String derivedFrom, String commandLine, String projectJibFrom, String jibImage,
            String jibImageProperty, String baseProperty, String baseValue, String pom) {
    }

    /** The base, or empty when nothing names one. */
    public static Optional<BaseReference> decide(Sources s) {
        String of = s.pom() == null ? "" : " of " + s.pom();
        if (set(s.derivedFrom())) {
            return Optional.of(new BaseReference(s.derivedFrom().trim(), "the base configured before"
                    + " odoo:system-packages added its layer (" + DERIVED_FROM + ")", null, Source.DERIVED_FROM));
        }
        if (set(s.commandLine())) {
            return Optional.of(new BaseReference(s.commandLine().trim(), "-D" + JIB_FROM_IMAGE, null, Source.COMMAND_LINE));
        }
        if (set(s.projectJibFrom())) {
            return Optional.of(new BaseReference(s.projectJibFrom().trim(), "property " + JIB_FROM_IMAGE + of, null,
                    Source.PROJECT_PROPERTY));
        }
        if (set(s.jibImage())) {
            String property = s.jibImageProperty();
            String where = property != null ? "property " + property + of + " (Jib's <from><image>)"
                    : "Jib's <from><image>" + of;
            return Optional.of(new BaseReference(s.jibImage().trim(), where, property, Source.JIB_CONFIGURATION));
        }
        if (set(s.baseValue())) {
            return Optional.of(new BaseReference(s.baseValue().trim(), "property " + s.baseProperty() + of,
                    s.baseProperty(), Source.BASE_PROPERTY));
        }
        return Optional.empty();
    }

    private static boolean set(String value) {
        return value != null && !value.isBlank();
    }
}
