package io.stateapi.cli;

import io.stateapi.domain.exceptions.InvalidPrincipalException;
import io.stateapi.domain.exceptions.InvalidRequestException;
import io.stateapi.domain.exceptions.PrincipalNotFoundException;
import io.stateapi.domain.exceptions.StateApiException;
import io.stateapi.domain.exceptions.StoreUnavailableException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * The operators' CLI of the tenant registry ({@code make registry}, ADR 0018): register, remove,
 * show and list which tenant, scopes and namespaces each IAM principal gets. It writes the
 * deployment's catalog table directly, through the same adapter as the admin routes, with the
 * operator's own AWS credentials: so it works before any principal holds {@code state:operator}
 * (that first registration is made with it), and whoever may write the catalog table may use it.
 */
@Command(name = "state-registry",
        subcommands = {RegistryCommands.Register.class, RegistryCommands.Remove.class, RegistryCommands.Show.class,
                RegistryCommands.ListRegistrations.class, TenantQuotaCommand.class},
        description = {"The tenant registry of a State API deployment: which tenant, scopes and namespaces each IAM "
                + "principal gets (docs/deploy.md). Works on the catalog table with your AWS credentials."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:done", "1:the registry could not be reached or changed", "2:invalid command or input",
                "3:the principal is not registered (show, remove)"})
public final class RegistryCli {

    public static final int FAILED = 1;
    public static final int INVALID = 2;
    public static final int NOT_REGISTERED = 3;

    @Mixin
    HelpOption help;

    private RegistryCli() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with its exit codes for what goes wrong; tests set its output streams. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new RegistryCli());
        commandLine.setExecutionExceptionHandler((exception, command, parsed) -> {
            PrintWriter err = command.getErr();
            return switch (exception) {
                case InvalidPrincipalException e -> report(err, e.getMessage(), INVALID);
                case InvalidRequestException e -> report(err, e.getMessage(), INVALID);
                case PrincipalNotFoundException e -> report(err, e.getMessage(), NOT_REGISTERED);
                case StoreUnavailableException e -> report(err, "the registry did not answer: "
                        + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), FAILED);
                case ResourceNotFoundException e -> report(err, "no catalog table there (" + e.awsErrorDetails().errorMessage()
                        + "): is the environment deployed in this account and region?", FAILED);
                case SdkException e -> report(err, e.getMessage(), FAILED);
                case StateApiException e -> report(err, e.getMessage(), FAILED);
                default -> throw exception;
            };
        });
        return commandLine;
    }

    private static int report(PrintWriter err, String message, int exitCode) {
        err.println("state-registry: " + message);
        err.flush();
        return exitCode;
    }
}
