package io.mistakeflow.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CorsPolicyTest {

    @Test
    void noOriginsConfiguredMeansSameOriginOnly() {
        assertThat(new CorsPolicy(List.of()).allowOrigin("https://app.example.com")).isEmpty();
    }

    @Test
    void aListedOriginIsEchoedAndOthersGetNothing() {
        CorsPolicy policy = new CorsPolicy(List.of("https://app.example.com", "http://localhost:5173"));

        assertThat(policy.allowOrigin("https://app.example.com")).contains("https://app.example.com");
        assertThat(policy.allowOrigin("http://localhost:5173")).contains("http://localhost:5173");
        assertThat(policy.allowOrigin("https://evil.example.com")).isEmpty();
        assertThat(policy.allowOrigin(null)).isEmpty();
    }

    @Test
    void aStarAllowsEveryOrigin() {
        assertThat(new CorsPolicy(List.of("*")).allowOrigin("https://anyone.example")).contains("*");
    }
}
