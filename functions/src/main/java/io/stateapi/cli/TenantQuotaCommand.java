package io.stateapi.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stateapi.domain.exceptions.InvalidRequestException;
import io.stateapi.domain.tenancy.Registration;
import io.stateapi.domain.tenancy.TenantId;
import io.stateapi.dynamodb.DynamoDbQuotaLedger;
import io.stateapi.json.StateJson;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.OptionalInt;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A tenant's own request quota (ADR 0017): set it, put the tenant back on the deployment's
 * default, or print it. Every api function instance applies a change within a minute.
 */
@Command(name = "quota",
        description = {"Print a tenant's own request quota, set it (--requests-per-second) or put the tenant back on "
                + "the deployment's default (--default). Applies within a minute (ADR 0017)."})
final class TenantQuotaCommand extends RegistryCommands.CatalogCommand {

    /** The operator is not in front of a request: the ledger's 500 ms budget is for the hot path. */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    @Option(names = "--tenant", required = true, paramLabel = "<tenant>", description = "The tenant.")
    String tenant;

    @ArgGroup(exclusive = true)
    Change change;

    static final class Change {
        @Option(names = "--requests-per-second", paramLabel = "<n>", description = "The tenant's own limit, at least 1.")
        Integer requestsPerSecond;

        @Option(names = "--default", description = "Remove the tenant's own limit: the deployment's default applies.")
        boolean useDefault;
    }

    @Override
    int run(DynamoDbClient client, PrintWriter out, PrintWriter err) {
        TenantId id = Registration.requestedTenant(tenant);
        DynamoDbQuotaLedger ledger = new DynamoDbQuotaLedger(client, target.catalogTable(), CALL_TIMEOUT);
        OptionalInt limit;
        if (change == null) {
            limit = ledger.requestsPerSecond(id);
        } else if (change.useDefault) {
            ledger.removeRequestsPerSecond(id);
            limit = OptionalInt.empty();
        } else {
            if (change.requestsPerSecond < 1) {
                throw new InvalidRequestException(
                        "--requests-per-second must be at least 1; --default puts the tenant back on the deployment's default");
            }
            ledger.setRequestsPerSecond(id, change.requestsPerSecond);
            // what was written: the ledger reads limits eventually consistently
            limit = OptionalInt.of(change.requestsPerSecond);
        }
        ObjectNode quota = StateJson.mapper().createObjectNode().put("tenant", id.value());
        if (limit.isPresent()) {
            quota.put("requestsPerSecond", limit.getAsInt());
        } else {
            quota.putNull("requestsPerSecond");
        }
        out.println(StateJson.write(quota));
        out.flush();
        if (limit.isEmpty()) {
            err.println("tenant " + id.value() + " has no quota of its own: the deployment's default applies");
            err.flush();
        }
        return 0;
    }
}
