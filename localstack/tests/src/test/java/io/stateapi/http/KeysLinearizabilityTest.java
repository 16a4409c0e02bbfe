package io.stateapi.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.function.aws.LambdaApplicationContextBuilder;
import io.stateapi.faults.LostDynamoDbAnswers;
import io.stateapi.linearizability.Budget;
import io.stateapi.linearizability.Counterexample;
import io.stateapi.linearizability.LinearizabilityChecker;
import io.stateapi.linearizability.Operation;
import io.stateapi.linearizability.Report;
import io.stateapi.linearizability.keys.KeyInput;
import io.stateapi.linearizability.keys.KeyModel;
import io.stateapi.linearizability.keys.KeyOutput;
import io.stateapi.linearizability.keys.KeyWorkload;
import io.stateapi.local.LocalGateway;
import io.stateapi.local.LocalStack;
import io.stateapi.local.TestStack;
import io.stateapi.local.auth.JwtAuthorizer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of the HTTP API under lost answers and 503s: concurrent clients do reads,
 * writes, compare-and-set, create-only and deletes on a few keys; the recorded history is
 * checked against the sequential model of a key ({@link KeyModel}) by the linearizability
 * checker. Faults: answers lost between the function and DynamoDB after the write was applied
 * (the SDK's retry then meets its own commit), DynamoDB unavailable (503 before anything is
 * written, or after it may have been), and answers lost between the client and the API (the
 * client sends the request again with the same {@code Idempotency-Key}).
 *
 * <p>Deterministic where it matters: every choice is seeded and every count bounded; no timing
 * is asserted. A failure prints the smallest non-linearizable sub-history of the offending key.
 */
class KeysLinearizabilityTest {

    private static final long SEED = 20261202L;
    private static final int CLIENTS = 6;
    private static final int OPERATIONS_PER_CLIENT = 50;
    private static final List<String> KEYS = List.of("k1", "k2", "k3");

    private static LostDynamoDbAnswers dynamoDbFaults;
    private static ApiFunction function;
    private static LocalGateway gateway;

    @BeforeAll
    static void startFaultyApi() throws Exception {
        TestStack stack = TestStack.shared();
        dynamoDbFaults = new LostDynamoDbAnswers(SEED, 8, 2, 2);
        function = new ApiFunction(new LambdaApplicationContextBuilder()
                .properties(LocalStack.functionProperties(stack.emulatorEndpoint(), TestStack.RESOURCES))
                .singletons(dynamoDbFaults)
                .build());
        gateway = LocalGateway.start(function, 0, JwtAuthorizer.trusting(TestStack.issuer()));
    }

    @AfterAll
    static void stopFaultyApi() {
        gateway.close();
        function.close();
    }

    @Test
    void concurrentClientsSeeOneKeyAtATimeDespiteLostAnswersAnd503s() throws Exception {
        String namespace = TestStack.uniqueNamespace("linz");
        Http http = new Http(gateway.endpoint());
        KeyWorkload workload = new KeyWorkload(CLIENTS, KEYS, OPERATIONS_PER_CLIENT, SEED);

        // even clients retry twice after a lost answer or a 503; odd ones give up at once, leaving
        // the outcome unknown, as a client with a short deadline would
        long started = System.nanoTime();
        List<Operation<KeyInput, KeyOutput>> history = workload.run(client ->
                new HttpKeyClient(http, namespace, SEED * 31 + client, 8, client % 2 == 0 ? 3 : 1));

        LinearizabilityChecker<KeyModel.State, KeyInput, KeyOutput> checker =
                new LinearizabilityChecker<>(KeyModel.strict(), Budget.defaults());
        Report<KeyInput, KeyOutput> report = checker.checkPerKey(history);
        System.out.printf("HTTP API linearizability: history recorded in %.1f s; %s  DynamoDB faults: %d first answers lost, %d unavailable, %d every answer lost%n",
                (System.nanoTime() - started) / 1e9, report.summary(), dynamoDbFaults.injected(LostDynamoDbAnswers.Fault.FIRST_ANSWER_LOST),
                dynamoDbFaults.injected(LostDynamoDbAnswers.Fault.UNAVAILABLE),
                dynamoDbFaults.injected(LostDynamoDbAnswers.Fault.EVERY_ANSWER_LOST));

        assertThat(report.undecided()).as("the checker decided every key within its budget").isEmpty();
        assertThat(report.violation().isPresent()).withFailMessage(() -> explain(checker, report)).isFalse();
        assertThat(report.operations()).isEqualTo(CLIENTS * OPERATIONS_PER_CLIENT);
        assertThat(dynamoDbFaults.injected(LostDynamoDbAnswers.Fault.FIRST_ANSWER_LOST)).as("faults were injected").isPositive();
    }

    private static String explain(LinearizabilityChecker<KeyModel.State, KeyInput, KeyOutput> checker,
                                  Report<KeyInput, KeyOutput> report) {
        Report.KeyCheck<KeyInput, KeyOutput> key = report.violation().orElseThrow();
        Counterexample<KeyInput, KeyOutput> counterexample = Counterexample.shrink(checker, key.operations());
        return "the history of key " + key.key() + " is not linearizable; the smallest sub-history that shows it:\n"
                + counterexample.describe(checker.model());
    }
}
