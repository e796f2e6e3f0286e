// Runs after the templates were rendered. Velocity cannot fail a generation, so the
// series table's limits are enforced here: an unsupported value removes the
// half-made project and fails with the supported choices.
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths

// Keep in sync with the table at the top of archetype-resources/pom.xml.
def series = ['16.0': '3.10 on Debian bookworm', '17.0': '3.10 on Debian trixie',
              '18.0': '3.12 on Debian trixie', '19.0': '3.12 on Debian trixie']
def pythonPatches = ['3.10', '3.11', '3.12', '3.13']

def props = request.properties
Path projectDir = Paths.get(request.outputDirectory, request.artifactId)

def problems = []
String odooVersion = props.getProperty('odooVersion')
if (!series.containsKey(odooVersion)) {
    problems << ("odooVersion '" + odooVersion + "' is not supported. Supported series: "
            + series.collect { k, v -> k + ' (Python ' + v + ')' }.join(', ')
            + '. Run again with -DodooVersion=<one of them>.')
}
String python = props.getProperty('pythonVersion')
if (python != 'auto' && !(python ==~ /3\.\d+/)) {
    problems << "pythonVersion '" + python + "' must be a Python minor version such as 3.11 (or auto)."
} else if (python != 'auto' && props.getProperty('baseImage') == 'auto' && !pythonPatches.contains(python)) {
    problems << ("pythonVersion '" + python + "' has no default base image (known: " + pythonPatches.join(', ')
            + '). Also set -DbaseImage=<registry/repository:tag>.')
}

if (problems) {
    if (Files.isDirectory(projectDir)) {
        projectDir.toFile().deleteDir()
    }
    throw new IllegalArgumentException('odoo-image-archetype: ' + problems.join(' '))
}

// Maven's resource handling drops files named .gitignore from jars: ship it without the dot.
Path gitignore = projectDir.resolve('gitignore')
if (Files.exists(gitignore)) {
    Files.move(gitignore, projectDir.resolve('.gitignore'))
}
