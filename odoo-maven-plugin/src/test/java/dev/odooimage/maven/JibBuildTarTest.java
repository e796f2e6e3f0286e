package dev.odooimage.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.StringReader;
import java.util.List;

import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.plugin.descriptor.MojoDescriptor;
import org.apache.maven.plugin.descriptor.Parameter;
import org.codehaus.plexus.configuration.xml.XmlPlexusConfiguration;
import org.codehaus.plexus.util.xml.Xpp3Dom;
import org.codehaus.plexus.util.xml.Xpp3DomBuilder;
import org.junit.jupiter.api.Test;

/** The configuration odoo:image-tar hands to jib:buildTar is the one Maven's lifecycle would. */
class JibBuildTarTest {

    private static Xpp3Dom xml(String text) throws Exception {
        return Xpp3DomBuilder.build(new StringReader(text));
    }

    private static MojoDescriptor buildTar() throws Exception {
        MojoDescriptor mojo = new MojoDescriptor();
        mojo.setGoal("buildTar");
        for (String[] p : new String[][] {{"from", null}, {"outputPaths", null}, {"skip", null},
                {"session", null}, {"allowInsecureRegistries", "allowInsecure"}}) {
            Parameter parameter = new Parameter();
            parameter.setName(p[0]);
            parameter.setAlias(p[1]);
            parameter.setType("java.lang.Object");
            mojo.addParameter(parameter);
        }
        // As a plugin.xml's <configuration> section holds them: a property and a default, or a value.
        mojo.setMojoConfiguration(new XmlPlexusConfiguration(xml("""
                <configuration>
                  <skip implementation="boolean" default-value="false">${jib.skip}</skip>
                  <session implementation="org.apache.maven.execution.MavenSession" default-value="${session}"/>
                  <allowInsecureRegistries>${jib.allowInsecureRegistries}</allowInsecureRegistries>
                </configuration>""")));
        return mojo;
    }

    @Test
    void declaredValuesOverDefaultsAndNothingElse() throws Exception {
        Xpp3Dom declared = xml("""
                <configuration>
                  <from><image>tar:///base.tar</image></from>
                  <allowInsecure>true</allowInsecure>
                  <notAParameterOfBuildTar>x</notAParameterOfBuildTar>
                </configuration>""");
        Xpp3Dom c = JibBuildTar.configuration(buildTar(), declared);

        assertEquals("tar:///base.tar", c.getChild("from").getChild("image").getValue(), "declared");
        assertEquals("true", c.getChild("allowInsecureRegistries").getValue(), "declared by alias");
        assertEquals("${jib.skip}", c.getChild("skip").getValue(), "the property expression, as Maven keeps it");
        assertEquals("false", c.getChild("skip").getAttribute("default-value"));
        assertEquals("${session}", c.getChild("session").getAttribute("default-value"));
        assertNull(c.getChild("outputPaths"), "neither declared nor defaulted");
        assertNull(c.getChild("notAParameterOfBuildTar"), "Maven drops what the goal does not take");
        assertEquals(List.of("from", "skip", "session", "allowInsecureRegistries"),
                java.util.Arrays.stream(c.getChildren()).map(Xpp3Dom::getName).toList());
    }

    @Test
    void theDefaultBuildTarExecutionIsMergedOverThePluginConfiguration() throws Exception {
        Plugin jib = new Plugin();
        jib.setConfiguration(xml("""
                <configuration>
                  <from><image>plugin-level</image></from>
                  <outputPaths><tar>a.tar</tar></outputPaths>
                </configuration>"""));
        PluginExecution other = new PluginExecution();
        other.setId("push");
        other.setConfiguration(xml("<configuration><from><image>other-execution</image></from></configuration>"));
        jib.addExecution(other);
        assertEquals("plugin-level", JibBuildTar.declared(jib).getChild("from").getChild("image").getValue());

        PluginExecution execution = new PluginExecution();
        execution.setId("default-buildTar");
        execution.setConfiguration(xml("<configuration><from><image>execution-level</image></from></configuration>"));
        jib.addExecution(execution);
        Xpp3Dom declared = JibBuildTar.declared(jib);
        assertEquals("execution-level", declared.getChild("from").getChild("image").getValue());
        assertEquals("a.tar", declared.getChild("outputPaths").getChild("tar").getValue(), "the rest stays");
        assertEquals("plugin-level", ((Xpp3Dom) jib.getConfiguration()).getChild("from").getChild("image").getValue(),
                "the model is not changed");
    }
}
