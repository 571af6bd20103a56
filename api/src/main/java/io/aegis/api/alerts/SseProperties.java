package io.aegis.api.alerts;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Alert stream settings.
 *
 * @param heartbeat interval of the {@code heartbeat} event, which keeps proxies from closing an idle stream
 * @param maxBuffered events queued and unread for one subscriber; one more closes its stream and the client resumes
 *     by its last id
 */
@ConfigurationProperties("aegis.sse")
record SseProperties(
        @DefaultValue("15s") Duration heartbeat,
        @DefaultValue("1000") int maxBuffered) {}
