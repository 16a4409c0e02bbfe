package io.stateapi.http;

import com.amazonaws.services.lambda.runtime.Context;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.function.aws.DefaultLambdaContextFactory;
import io.micronaut.function.aws.LambdaContextFactory;
import jakarta.inject.Singleton;

/**
 * Keeps each request's Lambda {@link Context} out of the bean context (ADR 0041). Micronaut's
 * default registers the context, its logger, client context and identity as four singletons on
 * every request, so that beans could inject them; registering a singleton matches it against
 * every bean definition, and that was the largest part of the handler's own CPU time. No bean of
 * these functions injects them: a handler that needs the context takes it as its argument, and
 * the request id and X-Ray trace id still reach the logging MDC (Micronaut's
 * {@code DiagnosticInfoPopulator}, which reads the context directly).
 */
@Singleton
@Replaces(DefaultLambdaContextFactory.class)
public class UnregisteredLambdaContext implements LambdaContextFactory {

    @Override
    public void registerSingletons(Context context) {
        // nothing: see the class comment
    }
}
