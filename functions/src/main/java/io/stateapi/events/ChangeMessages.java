package io.stateapi.events;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import io.stateapi.domain.exceptions.StateApiException;
import io.stateapi.domain.tenancy.TenantId;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.dynamodb.StreamImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Turns a batch of stream records into the messages to publish: each record mapped to its
 * changes ({@link StreamRecordMapper}), each change written as a CloudEvent with or without
 * values as its namespace says ({@link NamespaceEventValues}, ADR 0025).
 *
 * <p>A record that cannot be mapped or written is poison (ADR 0023): it yields no message and
 * the batch goes on. A namespace whose setting cannot be had now stops the batch at the first
 * record with a change in it: that record and the ones after it are {@link Batch#held() held}
 * for a retry, which keeps per-key order (ADR 0021).
 */
final class ChangeMessages {

    /**
     * A batch's records as messages.
     *
     * @param changes         the changes of each record, for the records before {@code prepared}
     * @param omissions       the events of each record whose values the queue's message leaves out, as {@code changes}
     * @param poison          records no retry can publish, by index, with the reason
     * @param messages        the messages of the records before {@code prepared}, in record order
     * @param recordOfMessage each message's record index
     * @param prepared        how many records, from the first, were prepared; the rest wait
     * @param held            why the record at {@code prepared} waits; {@code null} when none does
     */
    record Batch(List<StreamRecordMapper.Changes> changes, List<Omissions> omissions,
                 SortedMap<Integer, String> poison, List<ChangeQueuePublisher.Message> messages,
                 List<Integer> recordOfMessage, int prepared, String held) {
    }

    /**
     * A record's events published without their values: all of them ({@code omitted}), and of
     * those, the ones whose namespace wants values that did not fit ({@code tooLarge}).
     */
    record Omissions(int omitted, int tooLarge) {
        static final Omissions NONE = new Omissions(0, 0);

        Omissions plus(Omissions other) {
            return new Omissions(omitted + other.omitted, tooLarge + other.tooLarge);
        }

        /** The sum over some records of a batch. */
        static Omissions of(List<Omissions> records) {
            return records.stream().reduce(NONE, Omissions::plus);
        }
    }

    private final StreamRecordMapper mapper = new StreamRecordMapper();
    private final ChangeEventFormat format;
    private final NamespaceEventValues eventValues;

    ChangeMessages(ChangeEventFormat format, NamespaceEventValues eventValues) {
        this.format = Objects.requireNonNull(format, "format");
        this.eventValues = Objects.requireNonNull(eventValues, "eventValues");
    }

    Batch prepare(List<DynamodbStreamRecord> records) {
        Function<TenantNamespace, NamespaceEventValues.Setting> settings = eventValues.forBatch();
        List<StreamRecordMapper.Changes> changes = new ArrayList<>();
        List<Omissions> omissions = new ArrayList<>();
        SortedMap<Integer, String> poison = new TreeMap<>();
        List<ChangeQueuePublisher.Message> messages = new ArrayList<>();
        List<Integer> recordOfMessage = new ArrayList<>();

        for (int i = 0; i < records.size(); i++) {
            List<ChangeQueuePublisher.Message> recordMessages = new ArrayList<>();
            StreamRecordMapper.Changes recordChanges;
            Omissions recordOmissions = Omissions.NONE;
            try {
                recordChanges = mapper.map(records.get(i));
                Optional<String> traceHeader = traceHeader(records.get(i));
                for (ChangeEvent change : recordChanges.events()) {
                    switch (settings.apply(change.namespace())) {
                        case NamespaceEventValues.Setting.Known known -> {
                            ChangeEventFormat.MessageBody queueBody = format.messageBody(change, known.carried(),
                                    ChangeEventFormat.MAX_MESSAGE_BYTES);
                            recordOmissions = recordOmissions.plus(new Omissions(queueBody.valuesOmitted() ? 1 : 0,
                                    queueBody.tooLarge() ? 1 : 0));
                            recordMessages.addAll(messages(change, known.carried(), queueBody.text(), traceHeader));
                        }
                        case NamespaceEventValues.Setting.Unavailable unavailable -> {
                            return new Batch(changes, omissions, poison, messages, recordOfMessage, i,
                                    unavailable.reason());
                        }
                    }
                }
            } catch (RuntimeException e) {
                // Mapping and writing are deterministic: a retry would fail the same way and hold up the records after it.
                poison.put(i, "cannot map the stream record: "
                        + (e instanceof StateApiException ? e.getMessage() : e.toString()));
                recordChanges = StreamRecordMapper.Changes.NONE;
                recordOmissions = Omissions.NONE;
                recordMessages.clear();
            }
            changes.add(recordChanges);
            omissions.add(recordOmissions);
            for (ChangeQueuePublisher.Message message : recordMessages) {
                messages.add(message);
                recordOfMessage.add(i);
            }
        }
        return new Batch(changes, omissions, poison, messages, recordOfMessage, records.size(), null);
    }

    /** The trace header the record's new image keeps (ADR 0050): a deletion's too, none for an expiry. */
    private static Optional<String> traceHeader(DynamodbStreamRecord record) {
        return record.getDynamodb() == null ? Optional.empty()
                : StreamImage.traceHeader(record.getDynamodb().getNewImage());
    }

    /**
     * A change's messages: for the tenant queue, and for each of the tenant's two topics (ADR
     * 0038), with the same group and de-duplication ids. The values topic's body carries values as
     * the queue's does, unless they do not fit beside the attributes; the keys topic's never does.
     */
    private List<ChangeQueuePublisher.Message> messages(ChangeEvent change, boolean carryValues, String queueBody,
                                                        Optional<String> traceHeader) {
        TenantId tenant = change.namespace().tenant();
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put(ChangeEventFormat.ATTRIBUTE_TENANT, tenant.value());
        attributes.put(ChangeEventFormat.ATTRIBUTE_NAMESPACE, change.namespace().name());
        attributes.put(ChangeEventFormat.ATTRIBUTE_KEY, change.key().value());
        attributes.put(ChangeEventFormat.ATTRIBUTE_TYPE, change.type().cloudEventType());
        ChangeQueuePublisher.Message forQueue = new ChangeQueuePublisher.Message(tenant,
                ChangeQueuePublisher.Channel.TENANT_QUEUE, change.id(), change.messageGroupId(), queueBody, Map.of(),
                traceHeader);
        int room = ChangeEventFormat.MAX_MESSAGE_BYTES - (forQueue.withAttributes(attributes).bytes()
                - ChangeEventFormat.utf8Length(queueBody));
        String topicBody = ChangeEventFormat.utf8Length(queueBody) <= room ? queueBody
                : format.toMessageBody(change, carryValues, room);
        return List.of(forQueue,
                new ChangeQueuePublisher.Message(tenant, ChangeQueuePublisher.Channel.CHANGES_TOPIC, change.id(),
                        change.messageGroupId(), topicBody, attributes, traceHeader),
                new ChangeQueuePublisher.Message(tenant, ChangeQueuePublisher.Channel.KEYS_TOPIC, change.id(),
                        change.messageGroupId(), format.toMessageBody(change, false), attributes, traceHeader));
    }
}
