package io.aegis.scorer;

/** Supplies the model in service. A model that is swapped out stays usable through the leases already handed out. */
public interface ModelSource {

    /** Returns a lease on the current model; close it after the call. */
    ScorerLease acquire();

    /** Returns a source that always serves {@code scorer} and never closes it. */
    static ModelSource fixed(AnomalyScorer scorer) {
        ScorerLease lease = new ScorerLease() {
            @Override
            public AnomalyScorer scorer() {
                return scorer;
            }

            @Override
            public void close() {}
        };
        return () -> lease;
    }
}
