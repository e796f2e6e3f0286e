package dev.odooimage.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class VerifyReportTest {
    @TempDir
    Path tmp;

    private final VerifyReport report = new VerifyReport("/t/jib-image.tar", "oci", "sha256:ab", "1000:1000",
            List.of("/usr/local/bin/odoo-run"), 6, List.of(
                    CheckResult.pass("a", "first", "fine"),
                    CheckResult.fail("b", "second <&>", "broken \"quoted\" & <tagged>", List.of("x", "y")),
                    CheckResult.skip("c", "third", "nothing to do")));

    @Test
    void jsonAndJunitXmlAreWrittenAndParse() throws Exception {
        report.write(tmp, "verify-report", "odoo:verify");
        JsonNode json = new ObjectMapper().readTree(Files.readString(tmp.resolve("verify-report.json")));
        assertFalse(json.get("passed").asBoolean());
        assertEquals(3, json.at("/summary/total").asInt());
        assertEquals(1, json.at("/summary/failed").asInt());
        assertEquals("fail", json.at("/checks/1/status").asText());
        assertEquals("y", json.at("/checks/1/details/1").asText());
        assertEquals("oci", json.at("/image/format").asText());

        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(
                Files.readString(tmp.resolve("verify-report.xml")).getBytes(StandardCharsets.UTF_8)));
        Element suite = xml.getDocumentElement();
        assertEquals("testsuite", suite.getTagName());
        assertEquals("3", suite.getAttribute("tests"));
        assertEquals("1", suite.getAttribute("failures"));
        assertEquals("1", suite.getAttribute("skipped"));
        Element failure = (Element) xml.getElementsByTagName("failure").item(0);
        assertEquals("broken \"quoted\" & <tagged>", failure.getAttribute("message"));
        assertEquals("x\ny", failure.getTextContent());
        assertEquals("b: second <&>", ((Element) failure.getParentNode()).getAttribute("name"));
    }

    @Test
    void detailsAreBounded() {
        List<String> many = java.util.stream.IntStream.range(0, 80).mapToObj(i -> "d" + i).toList();
        CheckResult c = CheckResult.fail("x", "t", "m", many);
        assertEquals(CheckResult.MAX_DETAILS + 1, c.details().size());
        assertEquals("... and 30 more", c.details().get(CheckResult.MAX_DETAILS));
    }
}
