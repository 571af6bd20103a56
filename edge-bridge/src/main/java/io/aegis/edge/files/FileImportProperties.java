package io.aegis.edge.files;

import java.time.Duration;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Import of Bosch Rexroth "channel" JSON files, from a watched folder and from {@code POST /api/files/rexroth}.
 *
 * @param watchDir folder to watch; empty disables the watcher. Imported files move to {@code imported/} below it,
 *     rejected ones to {@code rejected/} with a {@code .error.txt} beside them
 * @param stationId station the imported tightenings belong to, unless an upload names another
 * @param zone time zone of the controller's clock; the files' dates carry no zone
 * @param pollInterval how often the folder is listed
 * @param settleTime a file is read only when it has not changed for this long, so half-written files are skipped
 */
@ConfigurationProperties("aegis.files")
public record FileImportProperties(
        String watchDir,
        @DefaultValue("1") String stationId,
        @DefaultValue("UTC") ZoneId zone,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("500ms") Duration settleTime) {}
