package io.stateapi.events;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory {@link QueueDirectory} that behaves as SQS's does: create is idempotent for the
 * same attributes and refuses other attributes, a deleted name cannot be created again until
 * {@link #allowRecreation}, and a failure can be scripted for the next calls.
 */
final class FakeQueueDirectory implements QueueDirectory {

    static final String ENDPOINT = "https://sqs.eu-west-1.amazonaws.com/123456789012/";

    private final Map<String, Map<String, String>> queues = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> tags = new LinkedHashMap<>();
    private final Set<String> deletedRecently = new HashSet<>();
    private final AtomicInteger finds = new AtomicInteger();
    private final AtomicInteger creates = new AtomicInteger();
    private RuntimeException nextFailure;
    private boolean createdByAnotherInstanceBeforeCreate;

    static String urlOf(String name) {
        return ENDPOINT + name;
    }

    @Override
    public synchronized Optional<String> find(String queueName) {
        finds.incrementAndGet();
        failIfScripted();
        return queues.containsKey(queueName) ? Optional.of(urlOf(queueName)) : Optional.empty();
    }

    @Override
    public synchronized Creation create(String queueName, Map<String, String> attributes, Map<String, String> tags) {
        creates.incrementAndGet();
        failIfScripted();
        if (createdByAnotherInstanceBeforeCreate) {
            createdByAnotherInstanceBeforeCreate = false;
            queues.put(queueName, Map.of("FifoQueue", "true"));
        }
        if (deletedRecently.contains(queueName)) {
            return new Creation.DeletedRecently("You must wait 60 seconds after deleting a queue before you can "
                    + "create another with the same name.");
        }
        Map<String, String> existing = queues.get(queueName);
        if (existing != null && !existing.equals(attributes)) {
            return new Creation.NameTaken("A queue already exists with the same name and a different value for "
                    + "attribute(s)");
        }
        queues.put(queueName, Map.copyOf(attributes));
        this.tags.put(queueName, Map.copyOf(tags));
        return new Creation.Created(urlOf(queueName));
    }

    /** A queue someone else made, with attributes of their own. */
    synchronized void existsAlready(String queueName, Map<String, String> attributes) {
        queues.put(queueName, Map.copyOf(attributes));
    }

    /** An operator deletes the queue; SQS refuses the name for 60 s. */
    synchronized void delete(String queueName) {
        queues.remove(queueName);
        deletedRecently.add(queueName);
    }

    /** The 60 s after a deletion are over. */
    synchronized void allowRecreation(String queueName) {
        deletedRecently.remove(queueName);
    }

    /** The next lookup or create fails with {@code failure}, as a throttled or denied SQS call does. */
    synchronized void failNextCall(RuntimeException failure) {
        nextFailure = failure;
    }

    /** Another instance creates the queue, with other attributes, between this one's lookup and create. */
    synchronized void raceTheNextCreate() {
        createdByAnotherInstanceBeforeCreate = true;
    }

    synchronized Optional<Map<String, String>> attributesOf(String queueName) {
        return Optional.ofNullable(queues.get(queueName));
    }

    synchronized Optional<Map<String, String>> tagsOf(String queueName) {
        return Optional.ofNullable(tags.get(queueName));
    }

    synchronized Set<String> names() {
        return Set.copyOf(queues.keySet());
    }

    int calls() {
        return finds.get() + creates.get();
    }

    int creates() {
        return creates.get();
    }

    private void failIfScripted() {
        RuntimeException failure = nextFailure;
        nextFailure = null;
        if (failure != null) {
            throw failure;
        }
    }
}
