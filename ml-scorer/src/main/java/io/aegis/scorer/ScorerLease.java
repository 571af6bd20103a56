package io.aegis.scorer;

/** Use of one model for one or more calls; the model stays open until every lease on it is closed. */
public interface ScorerLease extends AutoCloseable {

    AnomalyScorer scorer();

    @Override
    void close();
}
