package io.stateapi.observability;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import com.fasterxml.jackson.databind.JsonNode;
import io.stateapi.json.StateJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.LoggerFactory;

/**
 * The functions' log output while it is open, as the configured console appender writes it:
 * every event that reaches the root logger, encoded by the encoder of {@code logback.xml}.
 */
public final class LogLines implements AutoCloseable {

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final List<String> lines = new ArrayList<>();
    private final AppenderBase<ILoggingEvent> capture;

    public LogLines() {
        @SuppressWarnings("unchecked")
        OutputStreamAppender<ILoggingEvent> console = (OutputStreamAppender<ILoggingEvent>) root.getAppender("STDOUT");
        Encoder<ILoggingEvent> encoder = console.getEncoder();
        capture = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                String encoded = new String(encoder.encode(event), StandardCharsets.UTF_8);
                synchronized (lines) {
                    encoded.lines().forEach(lines::add);
                }
            }
        };
        capture.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
        capture.start();
        root.addAppender(capture);
    }

    /** Every line written so far, as written. */
    public List<String> text() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** Every line, parsed; a line that is not one JSON object fails the test. */
    public List<JsonNode> json() {
        return text().stream().map(line -> {
            JsonNode node = StateJson.parse(line.getBytes(StandardCharsets.UTF_8));
            if (!node.isObject()) {
                throw new AssertionError("not a JSON object: " + line);
            }
            return node;
        }).toList();
    }

    public List<JsonNode> where(Predicate<JsonNode> filter) {
        return json().stream().filter(filter).toList();
    }

    @Override
    public void close() {
        root.detachAppender(capture);
        capture.stop();
    }
}
