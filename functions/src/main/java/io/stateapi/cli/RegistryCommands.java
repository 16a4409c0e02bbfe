package io.stateapi.cli;

import io.stateapi.domain.exceptions.PrincipalNotFoundException;
import io.stateapi.domain.tenancy.PrincipalArn;
import io.stateapi.domain.tenancy.PrincipalRegistryAdmin;
import io.stateapi.domain.tenancy.Registered;
import io.stateapi.domain.tenancy.Registration;
import io.stateapi.domain.tenancy.RegistryCursor;
import io.stateapi.domain.tenancy.RegistryPage;
import io.stateapi.domain.tenancy.RegistryService;
import io.stateapi.domain.tenancy.TenantId;
import io.stateapi.http.RegistrationDocuments;
import io.stateapi.json.StateJson;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The registry CLI's commands. Each checks its input as the admin routes do
 * ({@link PrincipalArn}, {@link Registration#requested}) and prints registrations as the admin
 * routes show them, one JSON object per line on stdout.
 */
final class RegistryCommands {

    private RegistryCommands() {
    }

    /** What every command shares: where the catalog table is, and how to print. */
    abstract static class CatalogCommand implements Callable<Integer> {

        @Mixin
        RegistryTarget target;

        @Mixin
        HelpOption help;

        @Spec
        CommandSpec spec;

        @Override
        public final Integer call() {
            try (DynamoDbClient client = target.client()) {
                return run(client, spec.commandLine().getOut(), spec.commandLine().getErr());
            }
        }

        abstract int run(DynamoDbClient client, PrintWriter out, PrintWriter err);
    }

    /** A command on the principal registry. */
    abstract static class RegistryCommand extends CatalogCommand {

        @Override
        final int run(DynamoDbClient client, PrintWriter out, PrintWriter err) {
            return run(target.registry(client), out, err);
        }

        abstract int run(PrincipalRegistryAdmin registry, PrintWriter out, PrintWriter err);

        static void print(PrintWriter out, Registration registration) {
            out.println(StateJson.write(RegistrationDocuments.of(registration)));
            out.flush();
        }
    }

    @Command(name = "register",
            description = "Register a principal, replacing what it had. Prints the registration; "
                    + "says created or replaced on stderr. Applies to the principal's next request.")
    static final class Register extends RegistryCommand {

        @Option(names = "--principal", required = true, paramLabel = "<arn>",
                description = "An IAM user or role ARN, or an assumed-role session ARN (registered as its role).")
        String principal;

        @Option(names = "--tenant", paramLabel = "<tenant>",
                description = "The principal's tenant; may be left out when --scopes is state:operator alone.")
        String tenant;

        @Option(names = "--scopes", required = true, split = ",", paramLabel = "<scope>",
                description = "Comma-separated: state:read, state:write, state:admin, state:operator "
                        + "(--scopes= for none: a known principal that may do nothing).")
        List<String> scopes;

        @Option(names = "--namespaces", split = ",", paramLabel = "<grant>",
                description = "Comma-separated namespace names and prefixes ending in * (orders,cart-*); "
                        + "left out: every namespace of the tenant; --namespaces= for none.")
        List<String> namespaces;

        @Override
        int run(PrincipalRegistryAdmin registry, PrintWriter out, PrintWriter err) {
            Registration registration = Registration.requested(PrincipalArn.parse(principal), Optional.ofNullable(tenant),
                    nonEmpty(scopes), Optional.ofNullable(namespaces).map(RegistryCommands::nonEmpty));
            Registered outcome = registry.register(registration);
            print(out, registration);
            err.println(switch (outcome) {
                case CREATED -> "created " + registration.principal() + " in " + target.catalogTable();
                case REPLACED -> "replaced the registration of " + registration.principal() + " in " + target.catalogTable();
            });
            err.flush();
            return 0;
        }
    }

    @Command(name = "remove",
            description = "Remove a principal's registration. Applies to the principal's next request.")
    static final class Remove extends RegistryCommand {

        @Option(names = "--principal", required = true, paramLabel = "<arn>", description = "The principal's ARN.")
        String principal;

        @Override
        int run(PrincipalRegistryAdmin registry, PrintWriter out, PrintWriter err) {
            PrincipalArn arn = PrincipalArn.parse(principal);
            if (!registry.remove(arn.value())) {
                throw new PrincipalNotFoundException(arn.value());
            }
            err.println("removed " + arn.value() + " from " + target.catalogTable());
            err.flush();
            return 0;
        }
    }

    @Command(name = "show", description = "Print a principal's registration.")
    static final class Show extends RegistryCommand {

        @Option(names = "--principal", required = true, paramLabel = "<arn>", description = "The principal's ARN.")
        String principal;

        @Override
        int run(PrincipalRegistryAdmin registry, PrintWriter out, PrintWriter err) {
            PrincipalArn arn = PrincipalArn.parse(principal);
            print(out, registry.find(arn.value()).orElseThrow(() -> new PrincipalNotFoundException(arn.value())));
            return 0;
        }
    }

    @Command(name = "list",
            description = "Print every registration, or one tenant's, one per line in principal order.")
    static final class ListRegistrations extends RegistryCommand {

        @Option(names = "--tenant", paramLabel = "<tenant>", description = "Only this tenant's registrations.")
        String tenant;

        @Override
        int run(PrincipalRegistryAdmin registry, PrintWriter out, PrintWriter err) {
            Optional<TenantId> only = Optional.ofNullable(tenant).map(Registration::requestedTenant);
            Optional<RegistryCursor> cursor = Optional.empty();
            do {
                RegistryPage page = registry.list(only, RegistryService.MAX_PAGE_SIZE, cursor);
                page.registrations().forEach(registration -> print(out, registration));
                cursor = page.next();
            } while (cursor.isPresent());
            return 0;
        }
    }

    /** {@code --scopes=} gives one empty value: no scope at all. */
    private static List<String> nonEmpty(List<String> values) {
        return values.stream().map(String::strip).filter(value -> !value.isEmpty()).toList();
    }
}
