package io.aegis.queryside.clickhouse;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.ClientFaultCause;
import com.clickhouse.client.api.command.CommandResponse;
import com.clickhouse.client.api.insert.InsertResponse;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.data.ClickHouseFormat;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aegis.queryside.ClickHouseProperties;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The query side's only path to ClickHouse: DDL, RowBinary inserts and JSONEachRow reads over HTTP.
 *
 * <p>Request and response compression are off because ClickHouse 18.16 rejects the compressed HTTP framing that
 * client-v2 uses by default. Every failure surfaces as {@link ClickHouseUnavailableException} so callers have one
 * thing to retry on.
 */
public final class ClickHouseGateway implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Client client;
    private final String database;
    private final Duration timeout;

    public ClickHouseGateway(ClickHouseProperties properties) {
        this.database = properties.database();
        this.timeout = properties.socketTimeout().plusSeconds(5);
        this.client = new Client.Builder()
                .addEndpoint(properties.url())
                .setUsername(properties.user())
                .setPassword(properties.password())
                .compressServerResponse(false)
                .compressClientRequest(false)
                .useHttpCompression(false)
                .setConnectTimeout(properties.connectTimeout().toMillis(), ChronoUnit.MILLIS)
                .setSocketTimeout(properties.socketTimeout().toMillis(), ChronoUnit.MILLIS)
                // The callers retry with backoff and log an outage once; client retries would only repeat warnings.
                .setMaxRetries(0)
                .retryOnFailures(ClientFaultCause.None)
                .build();
    }

    /** Returns the database that contains every Aegis table. */
    public String database() {
        return database;
    }

    /** Returns {@code table} qualified with the Aegis database. */
    public String table(String table) {
        return database + "." + table;
    }

    /** Runs one statement that returns no rows (DDL). */
    public void execute(String sql) {
        try (CommandResponse ignored = await(client.execute(sql), sql)) {
            // The response carries only summary counters.
        } catch (Exception e) {
            throw unavailable("statement failed: " + abbreviate(sql), e);
        }
    }

    /** Inserts {@code rowBinary}, rows encoded with {@link RowBinaryOutput}, into {@code table} (unqualified). */
    public void insertRowBinary(String table, List<String> columns, byte[] rowBinary) {
        String qualified = table(table);
        try (InsertResponse ignored = await(
                client.insert(
                        qualified,
                        columns,
                        new ByteArrayInputStream(rowBinary),
                        ClickHouseFormat.RowBinary,
                        new InsertSettings()),
                "INSERT INTO " + qualified)) {
            // Nothing to read: success is the absence of an exception.
        } catch (Exception e) {
            throw unavailable("insert into " + qualified + " (" + rowBinary.length + " bytes) failed", e);
        }
    }

    /** Runs a SELECT and returns its rows as JSON objects (64-bit integers may arrive as strings). */
    public List<JsonNode> query(String sql) {
        QuerySettings settings = new QuerySettings().setFormat(ClickHouseFormat.JSONEachRow);
        // ClickHouse 18.16 ignores the format that client-v2 sends beside the query, so the query names it.
        String formatted = sql + " FORMAT JSONEachRow";
        try (QueryResponse response = await(client.query(formatted, settings), sql);
                MappingIterator<JsonNode> rows = JSON.readerFor(JsonNode.class).readValues(response.getInputStream())) {
            List<JsonNode> result = new ArrayList<>();
            while (rows.hasNextValue()) {
                result.add(rows.nextValue());
            }
            return result;
        } catch (Exception e) {
            throw unavailable("query failed: " + abbreviate(sql), e);
        }
    }

    /** Reads one row from RowBinary output. */
    @FunctionalInterface
    public interface RowReader<T> {
        T read(RowBinaryInput row) throws IOException;
    }

    /** Runs a SELECT in RowBinary format, so values (doubles included) arrive bit for bit as stored. */
    public <T> List<T> queryRowBinary(String sql, RowReader<T> reader) {
        QuerySettings settings = new QuerySettings().setFormat(ClickHouseFormat.RowBinary);
        try (QueryResponse response = await(client.query(sql + " FORMAT RowBinary", settings), sql)) {
            RowBinaryInput input = new RowBinaryInput(response.getInputStream());
            List<T> result = new ArrayList<>();
            while (input.hasNext()) {
                result.add(reader.read(input));
            }
            return result;
        } catch (Exception e) {
            throw unavailable("query failed: " + abbreviate(sql), e);
        }
    }

    /** Returns whether the server responds to a ping. */
    public boolean ping() {
        return client.ping(2_000);
    }

    private <T> T await(CompletableFuture<T> future, String what)
            throws InterruptedException, ExecutionException, TimeoutException {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new TimeoutException("timed out after " + timeout + ": " + abbreviate(what));
        }
    }

    private static ClickHouseUnavailableException unavailable(String message, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        return new ClickHouseUnavailableException(message + ": " + cause.getMessage(), cause);
    }

    private static String abbreviate(String sql) {
        String flat = sql.replaceAll("\\s+", " ").trim();
        return flat.length() <= 160 ? flat : flat.substring(0, 160) + "...";
    }

    @Override
    public void close() {
        client.close();
    }

    /** Parses a JSONEachRow value that ClickHouse may send as a number or, for 64-bit integers, as a string. */
    public static long longValue(JsonNode row, String column) {
        JsonNode value = row.get(column);
        if (value == null) {
            throw new IllegalStateException("column " + column + " is missing from row " + row);
        }
        return value.isNumber() ? value.longValue() : Long.parseUnsignedLong(value.asText());
    }

    /** Parses a Float64 column of a JSONEachRow row. */
    public static double doubleValue(JsonNode row, String column) {
        JsonNode value = row.get(column);
        if (value == null) {
            throw new IllegalStateException("column " + column + " is missing from row " + row);
        }
        return value.isNumber() ? value.doubleValue() : Double.parseDouble(value.asText());
    }

    /** Returns a String column of a JSONEachRow row. */
    public static String stringValue(JsonNode row, String column) {
        JsonNode value = row.get(column);
        if (value == null) {
            throw new IllegalStateException("column " + column + " is missing from row " + row);
        }
        return value.asText();
    }

    /** Quotes {@code value} as a ClickHouse string literal. */
    public static String literal(String value) {
        StringBuilder quoted = new StringBuilder(value.length() + 2).append('\'');
        for (char c : value.toCharArray()) {
            if (c == '\\' || c == '\'') {
                quoted.append('\\');
            }
            quoted.append(c);
        }
        return quoted.append('\'').toString();
    }
}
