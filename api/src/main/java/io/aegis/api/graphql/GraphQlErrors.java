package io.aegis.api.graphql;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.schema.DataFetchingEnvironment;
import io.aegis.api.clickhouse.ClickHouseQueryException;
import io.aegis.api.input.InvalidInputException;
import io.aegis.api.security.FieldAccessDeniedException;
import java.util.Map;
import org.springframework.graphql.execution.DataFetcherExceptionResolverAdapter;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.stereotype.Component;

/**
 * Turns known failures into GraphQL errors with a clear message; {@code extensions} carries field, value and rule for
 * invalid arguments. Anything else keeps Spring's generic INTERNAL_ERROR, which reveals no detail.
 */
@Component
class GraphQlErrors extends DataFetcherExceptionResolverAdapter {

    @Override
    protected GraphQLError resolveToSingleError(Throwable ex, DataFetchingEnvironment env) {
        if (ex instanceof InvalidInputException invalid) {
            return GraphqlErrorBuilder.newError(env)
                    .errorType(ErrorType.BAD_REQUEST)
                    .message(invalid.getMessage())
                    .extensions(Map.of("field", invalid.field(), "value", invalid.value(), "rule", invalid.rule()))
                    .build();
        }
        if (ex instanceof FieldAccessDeniedException denied) {
            return GraphqlErrorBuilder.newError(env)
                    .errorType(ErrorType.FORBIDDEN)
                    .message(denied.getMessage())
                    .build();
        }
        if (ex instanceof ClickHouseQueryException query) {
            return GraphqlErrorBuilder.newError(env)
                    .errorType(ErrorType.INTERNAL_ERROR)
                    .message(query.getMessage())
                    .extensions(Map.of("timeout", query.isTimeout()))
                    .build();
        }
        return null;
    }
}
