package io.seldonmesh.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/** The last lines of a server log, for error messages. Undecodable bytes become U+FFFD. */
final class LogTail {

    static final int LINES = 30;

    private LogTail() {
    }

    static String of(Path logFile) {
        return of(logFile, LINES);
    }

    static String of(Path logFile, int lines) {
        if (!Files.exists(logFile)) {
            return "(no log file " + logFile + ")";
        }
        Deque<String> tail = new ArrayDeque<>(lines);
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(Files.newInputStream(logFile), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (tail.size() == lines) {
                    tail.removeFirst();
                }
                tail.addLast(line);
            }
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e.getMessage() + ")";
        }
        return tail.isEmpty() ? "(log file " + logFile + " is empty)" : String.join(System.lineSeparator(), tail);
    }
}
