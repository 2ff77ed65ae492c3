package io.seldonmesh.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The README's configuration table cannot drift from the variables the code reads. */
class ReadmeConfigurationTest {

    @Test
    void everyVariableReadBySettingsIsDocumentedInTheReadmeTable() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        Set<String> variables = SeldonKafkaSettings.variableNames();
        assertThat(variables).hasSizeGreaterThan(15);
        for (String variable : variables) {
            assertThat(readme).as("README.md documents %s", variable).contains("| `" + variable + "`");
        }
    }

    @Test
    void readmeTableNamesNoVariableTheSettingsDoNotRead() throws IOException {
        Set<String> variables = SeldonKafkaSettings.variableNames();
        List<String> documented = new ArrayList<>();
        String section = Files.readString(Path.of("..", "README.md")).split("## Configuration")[1].split("The local stack")[0];
        for (String line : section.split("\n")) {
            if (line.startsWith("| `") && line.substring(3).matches("[A-Z0-9_]+`.*")) {
                documented.add(line.substring(3, line.indexOf('`', 3)));
            }
        }
        assertThat(variables).containsAll(documented);
    }
}
