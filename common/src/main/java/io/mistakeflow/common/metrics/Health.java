package io.mistakeflow.common.metrics;

import java.util.Map;

/**
 * One component's health. {@code live}: it is not wedged (a restart would not help it otherwise);
 * {@code ready}: it does its work now (a load balancer or an orchestrator may count on it).
 *
 * @param details what an operator wants to see (its state, a reason)
 */
public record Health(boolean live, boolean ready, Map<String, Object> details) {

    /** Something that reports a {@link Health}: a Streams app, a connector, the gateway's feed. */
    public interface Component {
        String name();

        Health check();
    }

    public static Health up(Map<String, Object> details) {
        return new Health(true, true, details);
    }
}
