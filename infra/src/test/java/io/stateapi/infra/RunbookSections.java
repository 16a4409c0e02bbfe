package io.stateapi.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sections of a markdown file by the anchors GitHub gives their headings (lower case, spaces
 * to hyphens, punctuation dropped, a repeated anchor numbered {@code -1}, {@code -2}), each with
 * its text up to the next heading of the same or a higher level. Headings inside code fences are
 * not headings.
 */
record RunbookSections(Map<String, String> byAnchor) {

    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.+?)\\s*#*\\s*$");

    /** {@code docs/runbook.md} of this checkout. */
    static RunbookSections ofTheRepository() {
        return read(Path.of(System.getProperty("stateapi.root", "..")).resolve("docs").resolve("runbook.md"));
    }

    static RunbookSections read(Path markdown) {
        try {
            return parse(Files.readString(markdown));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the runbook " + markdown.toAbsolutePath(), e);
        }
    }

    static RunbookSections parse(String markdown) {
        List<String> lines = markdown.lines().toList();
        List<int[]> headings = new ArrayList<>(); // {line, level}
        List<String> anchors = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean fenced = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            Matcher heading = HEADING.matcher(line);
            if (!fenced && heading.matches()) {
                String slug = slug(heading.group(2));
                int repeats = seen.merge(slug, 1, Integer::sum) - 1;
                anchors.add(repeats == 0 ? slug : slug + "-" + repeats);
                headings.add(new int[] {i, heading.group(1).length()});
            }
        }
        Map<String, String> sections = new LinkedHashMap<>();
        for (int h = 0; h < headings.size(); h++) {
            int start = headings.get(h)[0];
            int end = lines.size();
            for (int next = h + 1; next < headings.size(); next++) {
                if (headings.get(next)[1] <= headings.get(h)[1]) {
                    end = headings.get(next)[0];
                    break;
                }
            }
            sections.put(anchors.get(h), String.join("\n", lines.subList(start + 1, end)));
        }
        return new RunbookSections(Map.copyOf(sections));
    }

    /** GitHub's heading anchor: what {@code [text](#anchor)} links to. */
    static String slug(String heading) {
        return heading.strip().toLowerCase(java.util.Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N} _-]", "")
                .replace(' ', '-');
    }

    /** The text of the section with this anchor, if there is one. */
    Optional<String> section(String anchor) {
        return Optional.ofNullable(byAnchor.get(anchor));
    }
}
