package dev.odooimage.aggregate;

/** Where aggregation reports progress; the mojo maps it to Maven's log. */
public interface AggregateLog {
    void info(String message);

    void warn(String message);

    default void debug(String message) {
    }

    /** Discards everything (tests). */
    AggregateLog NONE = new AggregateLog() {
        @Override
        public void info(String message) {
        }

        @Override
        public void warn(String message) {
        }
    };
}
