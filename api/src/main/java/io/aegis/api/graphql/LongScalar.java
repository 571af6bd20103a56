package io.aegis.api.graphql;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.IntValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;
import java.math.BigInteger;
import java.util.Locale;

/** The {@code Long} scalar: a 64-bit integer, written as a JSON number and read from an integer or a numeric string. */
final class LongScalar {

    static final GraphQLScalarType INSTANCE = GraphQLScalarType.newScalar()
            .name("Long")
            .description("64-bit signed integer; timestamps are UTC epoch milliseconds")
            .coercing(new LongCoercing())
            .build();

    private LongScalar() {}

    private static final class LongCoercing implements Coercing<Long, Long> {

        @Override
        public Long serialize(Object value, GraphQLContext context, Locale locale) {
            if (value instanceof Number number) {
                return number.longValue();
            }
            throw new CoercingSerializeException("Long field value is not a number: " + value);
        }

        @Override
        public Long parseValue(Object input, GraphQLContext context, Locale locale) {
            if (input instanceof Integer || input instanceof Long || input instanceof Short) {
                return ((Number) input).longValue();
            }
            if (input instanceof BigInteger big && big.bitLength() < 64) {
                return big.longValue();
            }
            if (input instanceof Number number
                    && number.doubleValue() == Math.rint(number.doubleValue())
                    && Math.abs(number.doubleValue()) < 9.0e15) {
                return number.longValue();
            }
            if (input instanceof String text) {
                return parse(text, CoercingParseValueException::new);
            }
            throw new CoercingParseValueException("Long expects an integer, got '" + input + "'");
        }

        @Override
        public Long parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
            if (input instanceof IntValue integer) {
                BigInteger value = integer.getValue();
                if (value.bitLength() >= 64) {
                    throw new CoercingParseLiteralException("Long literal is out of range: " + value);
                }
                return value.longValue();
            }
            if (input instanceof StringValue text) {
                return parse(text.getValue(), CoercingParseLiteralException::new);
            }
            throw new CoercingParseLiteralException("Long expects an integer literal, got " + input);
        }

        @Override
        public Value<?> valueToLiteral(Object input, GraphQLContext context, Locale locale) {
            return new IntValue(BigInteger.valueOf(serialize(input, context, locale)));
        }

        private static <E extends RuntimeException> Long parse(
                String text, java.util.function.Function<String, E> error) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw error.apply("Long expects an integer, got '" + text + "'");
            }
        }
    }
}
