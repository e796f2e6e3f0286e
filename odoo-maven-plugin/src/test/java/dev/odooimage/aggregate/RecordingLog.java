package dev.odooimage.aggregate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** An {@link AggregateLog} that keeps every line ("INFO ..." / "WARN ...") for assertions. */
final class RecordingLog implements AggregateLog {
    final List<String> messages = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void info(String m) {
        messages.add("INFO " + m);
    }

    @Override
    public void warn(String m) {
        messages.add("WARN " + m);
    }
}
