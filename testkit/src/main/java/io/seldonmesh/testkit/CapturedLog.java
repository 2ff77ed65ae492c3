package io.seldonmesh.testkit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** The formatted lines one class logs while a test runs, to check what reaches the operator's log. */
public final class CapturedLog implements AutoCloseable {

    private final Logger logger;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private CapturedLog(String loggerName) {
        logger = Logger.getLogger(loggerName);
        logger.addHandler(handler);
    }

    public static CapturedLog of(Class<?> source) {
        return new CapturedLog(source.getName());
    }

    public List<String> lines() {
        return records.stream().map(CapturedLog::format).toList();
    }

    /** The lines at this level or above: what an operator sees at that log level. */
    public List<String> lines(Level minimum) {
        return records.stream().filter(record -> record.getLevel().intValue() >= minimum.intValue())
                .map(CapturedLog::format).toList();
    }

    private static String format(LogRecord record) {
        Object[] parameters = record.getParameters();
        String message = record.getMessage();
        return parameters == null || parameters.length == 0 ? message : String.format(message, parameters);
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
