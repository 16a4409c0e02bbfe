package io.stateapi.events;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import io.stateapi.dynamodb.StreamImage;
import io.stateapi.logging.LogFields;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.MDC;

/**
 * The fan-out's line for each record whose changes went out, carrying the trace id of the
 * request that wrote the change (kept on the item, {@code traceHeader}), so a change can be
 * followed from the API call to the queue by one id (ADR 0050, docs/observability.md). A change
 * no traced request made (a write without a header, the expiry sweeper) gets no trace id.
 */
final class PublishedChangeLog {

    private PublishedChangeLog() {
    }

    /** One line per record of {@code done} that had changes; {@code records} is the whole batch. */
    static void log(Logger log, List<DynamodbStreamRecord> records, List<StreamRecordMapper.Changes> done) {
        for (int i = 0; i < done.size(); i++) {
            List<ChangeEvent> events = done.get(i).events();
            if (events.isEmpty()) {
                continue;
            }
            DynamodbStreamRecord record = records.get(i);
            String header = record.getDynamodb() == null ? null
                    : StreamImage.traceHeader(record.getDynamodb().getNewImage()).orElse(null);
            ChangeEvent first = events.getFirst();
            LogFields.withTraceOf(header, () -> {
                MDC.put(LogFields.NAMESPACE, first.namespace().name());
                try {
                    log.atInfo().addKeyValue("eventsPublished", events.size())
                            .log("fan-out: {} v{} published", first.type().cloudEventType(), first.version().value());
                } finally {
                    MDC.remove(LogFields.NAMESPACE);
                }
            });
        }
    }
}
