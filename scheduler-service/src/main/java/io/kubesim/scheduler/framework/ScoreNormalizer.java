package io.kubesim.scheduler.framework;

/** pkg/scheduler/framework/plugins/helper/normalize_score.go {@code DefaultNormalizeScore} (Kubernetes 1.32). */
public final class ScoreNormalizer {

    private ScoreNormalizer() {
    }

    /**
     * Scales scores to {@code 0..100} by the highest one (integer division); in reverse mode returns
     * {@code 100 - scaled}. All-zero scores stay 0, or all become 100 in reverse mode.
     */
    public static void defaultNormalize(long[] scores, boolean reverse) {
        long max = 0;
        for (long s : scores) {
            max = Math.max(max, s);
        }
        if (max == 0) {
            if (reverse) {
                java.util.Arrays.fill(scores, ScorePlugin.MAX_NODE_SCORE);
            }
            return;
        }
        for (int i = 0; i < scores.length; i++) {
            long s = ScorePlugin.MAX_NODE_SCORE * scores[i] / max;
            scores[i] = reverse ? ScorePlugin.MAX_NODE_SCORE - s : s;
        }
    }
}
