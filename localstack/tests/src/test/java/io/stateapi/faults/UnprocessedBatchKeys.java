package io.stateapi.faults;

import io.stateapi.dynamodb.StateItem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * {@code UnprocessedKeys} in {@code BatchGetItem} answers, as DynamoDB gives them under
 * throttling: the emulator never leaves keys unprocessed by itself, so the answer is rewritten
 * after it arrived. Of each rewritten answer, every other key asked for (the first included) is
 * taken out of {@code Responses}, found or not, and put into {@code UnprocessedKeys}.
 */
public final class UnprocessedBatchKeys implements ExecutionInterceptor {

    private final AtomicInteger remaining;
    private final List<Integer> keysSent = new CopyOnWriteArrayList<>();

    private UnprocessedBatchKeys(int answers) {
        this.remaining = new AtomicInteger(answers);
    }

    /** The first {@code answers} answers leave keys unprocessed; later ones are left as they are. */
    public static UnprocessedBatchKeys inFirstAnswers(int answers) {
        return new UnprocessedBatchKeys(answers);
    }

    /** Every answer leaves keys unprocessed: a batch never completes. */
    public static UnprocessedBatchKeys always() {
        return new UnprocessedBatchKeys(Integer.MAX_VALUE);
    }

    /** How many keys each {@code BatchGetItem} call asked for, in order. */
    public List<Integer> keysSent() {
        return List.copyOf(keysSent);
    }

    @Override
    public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
        if (!(context.request() instanceof BatchGetItemRequest request)
                || !(context.response() instanceof BatchGetItemResponse response)) {
            return context.response();
        }
        keysSent.add(request.requestItems().values().stream().mapToInt(k -> k.keys().size()).sum());
        if (remaining.getAndUpdate(n -> n == Integer.MAX_VALUE ? n : Math.max(0, n - 1)) == 0) {
            return context.response();
        }
        Map<String, List<Map<String, AttributeValue>>> answered = new HashMap<>();
        Map<String, KeysAndAttributes> unprocessed = new HashMap<>();
        request.requestItems().forEach((table, asked) -> {
            Set<Map<String, AttributeValue>> held = new HashSet<>();
            for (int i = 0; i < asked.keys().size(); i += 2) {
                held.add(asked.keys().get(i));
            }
            List<Map<String, AttributeValue>> items = new ArrayList<>();
            for (Map<String, AttributeValue> item : response.responses().getOrDefault(table, List.of())) {
                if (!held.contains(Map.of(StateItem.PK, item.get(StateItem.PK), StateItem.SK, item.get(StateItem.SK)))) {
                    items.add(item);
                }
            }
            answered.put(table, items);
            unprocessed.put(table, asked.toBuilder().keys(List.copyOf(held)).build());
        });
        return response.toBuilder().responses(answered).unprocessedKeys(unprocessed).build();
    }
}
