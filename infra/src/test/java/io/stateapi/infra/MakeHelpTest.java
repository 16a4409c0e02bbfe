package io.stateapi.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code make help} (the default goal) lists every target of the Makefile, so a newcomer finds
 * each one there: a target added without its line fails here. The help text is read from the
 * Makefile's {@code help} recipe, the targets from its rules (not the file targets such as the
 * virtualenv's stamp).
 */
class MakeHelpTest {

    private static final Pattern RULE = Pattern.compile("^([a-z][a-z0-9_-]*)\\s*:(?!=)");

    @Test
    void theHelpListsEveryTarget() throws IOException {
        List<String> makefile = Files.readAllLines(Path.of(System.getProperty("stateapi.root", "..")).resolve("Makefile"));
        List<String> targets = makefile.stream().map(RULE::matcher).filter(Matcher::find).map(m -> m.group(1))
                .distinct().toList();
        String help = helpRecipe(makefile);

        assertThat(targets).contains("help", "run", "test", "deploy");
        assertThat(targets).allSatisfy(target -> assertThat(help)
                .as("make help mentions make %s", target)
                .containsPattern("make " + Pattern.quote(target) + "(?![a-z0-9_-])"));
    }

    private static String helpRecipe(List<String> makefile) {
        int start = makefile.indexOf("help:");
        assertThat(start).as("a help: rule").isNotNegative();
        StringBuilder recipe = new StringBuilder();
        for (String line : makefile.subList(start + 1, makefile.size())) {
            if (!line.startsWith("\t")) {
                break;
            }
            recipe.append(line).append('\n');
        }
        return recipe.toString();
    }
}
