package io.aegis.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A fresh ClickHouse database on the local server with the read-model tables from
 * {@code clickhouse/schema.sql}. In production query-side owns these tables; tests create a copy.
 */
public final class TestClickHouse implements AutoCloseable {

    public static final String URL = "http://127.0.0.1:8123";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String database;

    private TestClickHouse(String database) {
        this.database = database;
    }

    public static TestClickHouse create() {
        TestClickHouse clickHouse = new TestClickHouse(
                "aegis_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
        clickHouse.execute(null, "CREATE DATABASE " + clickHouse.database);
        for (String statement : schema().replaceAll("--[^\n]*", "").split(";")) {
            if (!statement.isBlank()) {
                clickHouse.execute(clickHouse.database, statement);
            }
        }
        return clickHouse;
    }

    public String database() {
        return database;
    }

    /** Inserts rows given as column -> value maps with JSONEachRow. */
    public void insert(String table, List<Map<String, Object>> rows) {
        String body = rows.stream().map(TestClickHouse::json).collect(Collectors.joining("\n"));
        execute(database, "INSERT INTO " + table + " FORMAT JSONEachRow\n" + body);
    }

    public String query(String sql) {
        return execute(database, sql);
    }

    public String execute(String db, String sql) {
        String url = URL + "/" + (db == null ? "" : "?database=" + URLEncoder.encode(db, StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.ofString(sql))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("ClickHouse rejected " + sql + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("ClickHouse at " + URL + " is not reachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        execute(null, "DROP DATABASE IF EXISTS " + database);
    }

    private static String schema() {
        try (InputStream in = TestClickHouse.class.getResourceAsStream("/clickhouse/schema.sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String json(Map<String, Object> row) {
        try {
            return MAPPER.writeValueAsString(row);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
