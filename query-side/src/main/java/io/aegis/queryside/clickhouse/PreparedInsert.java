package io.aegis.queryside.clickhouse;

import java.util.List;

/** RowBinary rows for one table, encoded and waiting to be inserted. */
public record PreparedInsert(String table, List<String> columns, byte[] rowBinary, int rows) {}
