package dev.odooimage.verify;

import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.odooimage.util.AtomicFiles;

/**
 * The result of a check suite (static or smoke) and its two renderings: a JSON report
 * for tools and a JUnit XML file (one testcase per check) that CI systems display.
 */
public record VerifyReport(String tarball, String format, String imageId, String user, List<String> entrypoint,
        int layers, List<CheckResult> checks) {

    public List<CheckResult> failures() {
        return checks.stream().filter(CheckResult::failed).toList();
    }

    public long count(CheckResult.Status status) {
        return checks.stream().filter(c -> c.status() == status).count();
    }

    /** The JSON document (schema documented in docs/verify.md). */
    public String toJson(String suite) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("suite", suite);
        Map<String, Object> image = new LinkedHashMap<>();
        image.put("tarball", tarball);
        image.put("format", format);
        image.put("id", imageId);
        image.put("user", user);
        image.put("entrypoint", entrypoint);
        image.put("layers", layers);
        root.put("image", image);
        root.put("passed", failures().isEmpty());
        Map<String, Long> summary = new LinkedHashMap<>();
        summary.put("total", (long) checks.size());
        summary.put("passed", count(CheckResult.Status.PASS));
        summary.put("failed", count(CheckResult.Status.FAIL));
        summary.put("skipped", count(CheckResult.Status.SKIP));
        root.put("summary", summary);
        root.put("checks", checks.stream().map(c -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", c.id());
            m.put("title", c.title());
            m.put("status", c.status().name().toLowerCase(java.util.Locale.ROOT));
            m.put("message", c.message());
            m.put("details", c.details());
            return m;
        }).toList());
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** JUnit XML: a testsuite named after the goal, one testcase per check. */
    public String toJUnitXml(String suite) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            x.writeStartElement("testsuite");
            x.writeAttribute("name", suite);
            x.writeAttribute("tests", Integer.toString(checks.size()));
            x.writeAttribute("failures", Long.toString(count(CheckResult.Status.FAIL)));
            x.writeAttribute("errors", "0");
            x.writeAttribute("skipped", Long.toString(count(CheckResult.Status.SKIP)));
            x.writeCharacters("\n");
            for (CheckResult c : checks) {
                x.writeCharacters("  ");
                x.writeStartElement("testcase");
                x.writeAttribute("classname", suite);
                x.writeAttribute("name", c.id() + ": " + c.title());
                x.writeAttribute("time", "0");
                String body = String.join("\n", c.details());
                switch (c.status()) {
                    case FAIL -> {
                        x.writeStartElement("failure");
                        x.writeAttribute("message", c.message());
                        x.writeCharacters(body);
                        x.writeEndElement();
                    }
                    case SKIP -> {
                        x.writeStartElement("skipped");
                        x.writeAttribute("message", c.message());
                        x.writeEndElement();
                    }
                    case PASS -> {
                        x.writeStartElement("system-out");
                        x.writeCharacters(c.message() + (body.isEmpty() ? "" : "\n" + body));
                        x.writeEndElement();
                    }
                }
                x.writeEndElement();
                x.writeCharacters("\n");
            }
            x.writeEndElement();
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return out + "\n";
    }

    /** Writes {@code <base>.json} and {@code <base>.xml} (each atomically). */
    public void write(Path directory, String baseName, String suite) {
        AtomicFiles.writeString(directory.resolve(baseName + ".json"), toJson(suite));
        AtomicFiles.writeString(directory.resolve(baseName + ".xml"), toJUnitXml(suite));
    }
}
