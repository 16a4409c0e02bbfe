package io.stateapi.events;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.stateapi.domain.VersionFloors;
import io.stateapi.metrics.PublishMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link FanOutFunction} does with a batch of stream records, through its ports only: the
 * messages ({@link ChangeMessages}), the queues and topics ({@link ChangeQueuePublisher}), the
 * change log ({@link ChangeHistory}), the key counts ({@link ApproximateKeyCounts}), the tombstones
 * of items removed outside the API ({@link VersionFloors}), the stream's dead-letter queue
 * ({@link DeadLetterDestination}) and the metrics ({@link PublishMetrics}). The function wires
 * them to AWS; a test wires them to fakes.
 *
 * <p>Records are done in order up to the first that fails for now (a publish, a change-log
 * write, a tombstone or a dead letter that cannot be had); the response names that record, and
 * the event source mapping delivers it and the ones after it again.
 */
final class ChangeFanOut {

    /** The function's logger: operators find the fan-out's lines by it. */
    private static final Logger LOG = LoggerFactory.getLogger(FanOutFunction.class);

    private final ChangeMessages changeMessages;
    private final ChangeQueuePublisher publisher;
    private final ChangeHistory history;
    private final ApproximateKeyCounts keyCounts;
    private final VersionFloors versionFloors;
    private final DeadLetterDestination deadLetters;
    private final PublishMetrics publishMetrics;

    ChangeFanOut(ChangeMessages changeMessages, ChangeQueuePublisher publisher, ChangeHistory history,
                 ApproximateKeyCounts keyCounts, VersionFloors versionFloors, DeadLetterDestination deadLetters,
                 PublishMetrics publishMetrics) {
        this.changeMessages = Objects.requireNonNull(changeMessages, "changeMessages");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.history = Objects.requireNonNull(history, "history");
        this.keyCounts = Objects.requireNonNull(keyCounts, "keyCounts");
        this.versionFloors = Objects.requireNonNull(versionFloors, "versionFloors");
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
        this.publishMetrics = Objects.requireNonNull(publishMetrics, "publishMetrics");
    }

    /** Publishes a batch's changes; the response names the first record to deliver again, if any. */
    StreamsEventResponse publish(DynamodbEvent event, Context context) {
        List<DynamodbStreamRecord> records = event.getRecords() == null ? List.of() : event.getRecords();
        ChangeMessages.Batch batch = changeMessages.prepare(records);
        SortedMap<Integer, String> poison = new TreeMap<>(batch.poison());

        ChangeQueuePublisher.Outcome published = publisher.publish(batch.messages());
        published.refused().forEach((message, reason) -> poison.putIfAbsent(batch.recordOfMessage().get(message), reason));
        int failed = published.complete() ? batch.prepared() : batch.recordOfMessage().get(published.confirmed());
        String failure = published.complete() ? batch.held() : published.failure();

        ChangeHistory.Recorder recorder = history.forBatch();
        for (int i = 0; i < failed; i++) {
            try {
                recorder.record(batch.changes().get(i));
            } catch (RuntimeException e) {
                // As a failed publish: retried from this record, so nothing acknowledged is missing from the log.
                failed = i;
                failure = "cannot record the change in the change log: " + e;
                break;
            }
            Optional<StreamRecordMapper.RemovedItem> removed = batch.changes().get(i).removed();
            if (removed.isPresent()) {
                try {
                    restoreTombstone(removed.get());
                } catch (RuntimeException e) {
                    // Until a retry puts it back, a create would start the key again at version 1.
                    versionFloorLost(removed.get(), "the tombstone could not be put back (the record is retried): " + e);
                    failed = i;
                    failure = "cannot restore the tombstone of a removed item: " + e;
                    break;
                }
            }
            if (poison.containsKey(i)) {
                try {
                    putAside(new PoisonRecord(records.get(i), poison.get(i)), context);
                } catch (RuntimeException e) {
                    failed = i;
                    failure = "cannot send a poison record to the dead-letter queue: " + e;
                    break;
                }
            }
        }

        countKeys(batch.changes().subList(0, failed));
        batchDone(records, batch.changes().subList(0, failed), ChangeMessages.Omissions.of(batch.omissions().subList(0, failed)));
        if (failed == records.size()) {
            return new StreamsEventResponse(List.of());
        }
        String sequenceNumber = records.get(failed).getDynamodb().getSequenceNumber();
        LOG.warn("fan-out: " + failed + " of " + records.size() + " records done; retrying from sequence "
                + sequenceNumber + ": " + failure);
        return new StreamsEventResponse(List.of(new StreamsEventResponse.BatchItemFailure(sequenceNumber)));
    }

    /** The batch's line and metrics: what got through, what is retried, and how late the oldest done change is. */
    private void batchDone(List<DynamodbStreamRecord> records, List<StreamRecordMapper.Changes> done,
                           ChangeMessages.Omissions omissions) {
        int published = done.stream().mapToInt(c -> c.events().size()).sum();
        int retried = records.size() - done.size();
        Instant now = Instant.now();
        Optional<Duration> lag = records.subList(0, done.size()).stream()
                .map(r -> r.getDynamodb() == null ? null : r.getDynamodb().getApproximateCreationDateTime())
                .filter(Objects::nonNull)
                .map(created -> Duration.between(created.toInstant(), now))
                .max(Duration::compareTo);
        LOG.atInfo().addKeyValue("records", records.size()).addKeyValue("eventsPublished", published)
                .addKeyValue("recordsRetried", retried)
                .log("fan-out: {} of {} records done, {} events published", done.size(), records.size(), published);
        PublishedChangeLog.log(LOG, records, done);
        publishMetrics.batchPublished(new PublishMetrics.Batch(published, omissions.omitted(), omissions.tooLarge(),
                retried, lag));
    }

    /**
     * Moves the namespaces' key counts by the changes of the records that are done: those the
     * mapping will not deliver again (a retry starts after them), so a retried record is counted
     * once, when its own batch gets through.
     */
    private void countKeys(List<StreamRecordMapper.Changes> done) {
        List<ChangeEvent> changes = done.stream().flatMap(c -> c.events().stream()).toList();
        ApproximateKeyCounts.Outcome counted = keyCounts.apply(changes);
        counted.failed().forEach((namespace, reason) ->
                LOG.warn("fan-out: the key count of namespace " + namespace + " was not moved (it is off from now on): "
                        + reason));
        if (!counted.absent().isEmpty()) {
            LOG.warn("fan-out: not counted, no such namespace in the catalog (deleted or purged): " + counted.absent());
        }
    }

    /** Sends a poison record to the stream's dead-letter queue; the batch then goes on past it. */
    private void putAside(PoisonRecord poison, Context context) {
        String functionArn = context == null ? null : context.getInvokedFunctionArn();
        String requestId = context == null ? null : context.getAwsRequestId();
        deadLetters.send(poison, functionArn, requestId);
        LOG.warn("fan-out: record at sequence " + poison.sequenceNumber()
                + " sent to the dead-letter queue on its own: " + poison.reason());
    }

    private void restoreTombstone(StreamRecordMapper.RemovedItem removed) {
        if (versionFloors.restore(removed.namespace(), removed.key(), removed.version(), removed.removedAt())) {
            publishMetrics.versionFloorKept(removed.namespace(), removed.key(), removed.version());
        } else {
            // The key was created again between the removal and now: its versions restarted at 1.
            LOG.warn("fan-out: key " + removed.namespace() + "/" + removed.key().value()
                    + " was re-created before its tombstone at version " + removed.version() + " could be restored");
            versionFloorLost(removed, "the key was created again before its tombstone was put back");
        }
    }

    /** What an operator is paged for (ADR 0008): this key's next versions may repeat earlier ones. */
    private void versionFloorLost(StreamRecordMapper.RemovedItem removed, String reason) {
        publishMetrics.versionFloorLost(removed.namespace(), removed.key(), removed.version(), reason);
    }
}
