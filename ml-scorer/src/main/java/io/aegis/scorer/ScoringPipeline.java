package io.aegis.scorer;

import io.aegis.contract.SampleValidator;
import io.aegis.contract.TelemetryCodec;
import io.aegis.proto.v1.AnomalyScore;
import io.aegis.proto.v1.TorqueSample;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores acknowledged samples on one thread, in the order they were received, and hands alerting samples to the
 * {@link AlertMerger}. Every failure here is counted and logged at a limited rate; none of them reaches the NATS
 * consumer, which has already acknowledged the sample (fail-open).
 */
final class ScoringPipeline {

    private static final Logger log = LoggerFactory.getLogger(ScoringPipeline.class);
    private static final long IDLE_POLL_MS = 100;

    private final BlockingQueue<TorqueSample> queue;
    private final FeatureExtractor features;
    private final ModelSource models;
    private final StationOccupancy occupancy;
    private final AlertMerger merger;
    private final ResultPublisher publisher;
    private final ScorerProperties properties;
    private final ScorerMetrics metrics;
    private final Map<String, long[]> lastScoredByStation = new HashMap<>();
    private final RateLimitedLog errorLog = new RateLimitedLog(log, Duration.ofSeconds(10));
    private final RateLimitedLog invalidLog = new RateLimitedLog(log, Duration.ofSeconds(10));
    private final RateLimitedLog dropLog = new RateLimitedLog(log, Duration.ofSeconds(10));
    private volatile boolean running;
    private Thread worker;

    ScoringPipeline(
            FeatureExtractor features,
            ModelSource models,
            StationOccupancy occupancy,
            AlertMerger merger,
            ResultPublisher publisher,
            ScorerProperties properties,
            ScorerMetrics metrics) {
        this.queue = new ArrayBlockingQueue<>(properties.queueCapacity());
        this.features = features;
        this.models = models;
        this.occupancy = occupancy;
        this.merger = merger;
        this.publisher = publisher;
        this.properties = properties;
        this.metrics = metrics;
    }

    synchronized void start() {
        running = true;
        worker = new Thread(this::run, "scorer-pipeline");
        worker.setDaemon(true);
        worker.start();
    }

    /** Scores what is queued, publishes open alerts and stops the scoring thread. */
    synchronized void stop() throws InterruptedException {
        running = false;
        if (worker != null) {
            worker.join(Duration.ofSeconds(10).toMillis());
        }
    }

    /** Queues samples for scoring without blocking; a sample that does not fit is counted and not scored. */
    void submit(List<TorqueSample> samples) {
        for (TorqueSample sample : samples) {
            if (!queue.offer(sample)) {
                metrics.samplesDropped.increment();
                dropLog.warn(
                        "[scorer] queue full ({} samples), station {} seq {} is acknowledged but not scored",
                        properties.queueCapacity(),
                        sample.getStationId(),
                        sample.getSeq());
            }
        }
    }

    int queued() {
        return queue.size();
    }

    private void run() {
        while (running || !queue.isEmpty()) {
            try {
                TorqueSample sample = queue.poll(IDLE_POLL_MS, TimeUnit.MILLISECONDS);
                if (sample != null) {
                    process(sample);
                }
                merger.closeIdle();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                metrics.errors.increment();
                errorLog.warn("[scorer] unexpected failure, scoring goes on with the next sample", e);
            }
        }
        merger.closeAll();
    }

    /** Validates, featurises, scores and routes one sample. */
    void process(TorqueSample sample) {
        Optional<SampleValidator.Violation> violation = SampleValidator.check(sample);
        if (violation.isPresent()) {
            metrics.invalidSamples.increment();
            invalidLog.warn("[scorer] sample not scored: {}", violation.get().message());
            return;
        }
        if (isDuplicate(sample)) {
            metrics.samplesDuplicate.increment();
            return;
        }
        Optional<FeatureVector> vector = features.next(sample);
        if (vector.isEmpty()) {
            metrics.samplesWarmingUp.increment();
            return;
        }
        try (ScorerLease lease = models.acquire()) {
            AnomalyScorer scorer = lease.scorer();
            double score = scorer.score(vector.get());
            if (!(score >= 0.0 && score <= 1.0)) {
                throw new IllegalStateException("model " + scorer.modelName() + " " + scorer.modelVersion()
                        + " returned score " + score + ", outside 0..1");
            }
            metrics.samplesScored.increment();
            route(sample, score, vector.get(), scorer);
        } catch (InvalidFeaturesException e) {
            metrics.invalidFeatures.increment();
            invalidLog.warn(
                    "[scorer] station {} seq {} not scored: {}",
                    sample.getStationId(),
                    sample.getSeq(),
                    e.getMessage());
        } catch (RuntimeException e) {
            metrics.errors.increment();
            errorLog.warn(
                    "[scorer] scoring station {} seq {} failed, the sample stays unscored: {}",
                    sample.getStationId(),
                    sample.getSeq(),
                    e.toString(),
                    e);
        }
    }

    private void route(TorqueSample sample, double score, FeatureVector vector, AnomalyScorer scorer) {
        String station = sample.getStationId();
        boolean record = score >= properties.recordThresholdOr(scorer.defaultRecordThreshold());
        boolean alert = score >= properties.alertThresholdFor(station, scorer.defaultAlertThreshold());
        StationOccupancy.Context context =
                record || alert ? occupancy.at(station, sample.getTimestamp()) : StationOccupancy.Context.UNKNOWN;
        if (record) {
            publisher.publishScore(
                    AnomalyScore.newBuilder()
                            .setStationId(station)
                            .setSeq(sample.getSeq())
                            .setTimestamp(sample.getTimestamp())
                            .setScore(score)
                            .setTorque(sample.getTorque())
                            .setVin(context.vin())
                            .setModelName(scorer.modelName())
                            .setModelVersion(scorer.modelVersion())
                            .build(),
                    TelemetryCodec.sampleKey(sample));
        }
        if (alert) {
            merger.offer(new AlertMerger.Candidate(
                    sample, score, vector, scorer.modelName(), scorer.modelVersion(), context));
        } else {
            merger.observe(sample);
        }
    }

    /**
     * Returns whether a sample repeats one already scored for its station: a redelivery carries a sequence and a
     * timestamp no later than the last scored ones. A source that restarts its sequence sends later timestamps, so
     * its samples are not taken for repeats.
     */
    private boolean isDuplicate(TorqueSample sample) {
        if (sample.getSeq() == 0) {
            return false;
        }
        long[] last = lastScoredByStation.get(sample.getStationId());
        if (last != null && sample.getSeq() <= last[0] && sample.getTimestamp() <= last[1]) {
            return true;
        }
        lastScoredByStation.put(sample.getStationId(), new long[] {sample.getSeq(), sample.getTimestamp()});
        return false;
    }
}
