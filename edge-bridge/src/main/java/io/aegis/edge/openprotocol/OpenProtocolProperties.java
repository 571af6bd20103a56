package io.aegis.edge.openprotocol;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tightening controllers to connect to over Atlas Copco Open Protocol. Empty by default.
 *
 * @param controllers one entry per controller, for example {@code aegis.open-protocol.controllers[0].host=10.0.0.5}
 */
@ConfigurationProperties("aegis.open-protocol")
public record OpenProtocolProperties(@DefaultValue List<Controller> controllers) {

    /**
     * One controller.
     *
     * @param host controller address
     * @param port Open Protocol port, 4545 unless the controller is configured otherwise
     * @param stationId station whose results and curves this controller produces
     * @param zone time zone of the controller's clock; its timestamps carry no zone
     * @param resultRevision highest MID 0061 revision to request; lower ones are tried when the controller rejects it
     * @param curves subscribe to tightening curves (MID 0900 through MID 0008)
     * @param keepAliveInterval idle time after which a keep-alive (MID 9999) is sent; controllers close the
     *     connection after 15 s without traffic
     * @param replyTimeout how long to wait for the reply to a request
     * @param reconnectDelay pause before reconnecting after the connection was lost
     */
    public record Controller(
            String host,
            @DefaultValue("4545") int port,
            String stationId,
            @DefaultValue("UTC") ZoneId zone,
            @DefaultValue("7") int resultRevision,
            @DefaultValue("false") boolean curves,
            @DefaultValue("10s") Duration keepAliveInterval,
            @DefaultValue("10s") Duration replyTimeout,
            @DefaultValue("2s") Duration reconnectDelay) {

        public Controller {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("aegis.open-protocol.controllers[].host is missing");
            }
            if (stationId == null || stationId.isBlank()) {
                throw new IllegalArgumentException(
                        "aegis.open-protocol.controllers[].station-id is missing for controller " + host);
            }
            if (resultRevision < 1 || resultRevision > TighteningResultMessage.MAX_REVISION) {
                throw new IllegalArgumentException("aegis.open-protocol.controllers[].result-revision '"
                        + resultRevision + "' is invalid: use 1 to " + TighteningResultMessage.MAX_REVISION);
            }
        }

        String address() {
            return host + ":" + port;
        }
    }
}
