package io.mistakeflow.gateway;

import io.mistakeflow.common.config.SettingsSource;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway as a process of its own, the entry point of its container image:
 * {@code GatewayApp [settings.properties]}, settings as in {@link GatewaySettings} ({@code PIPELINE_*}
 * environment variables win). Runs until a signal stops it; a failed start exits with its exception,
 * so the container stops and its supervisor sees why. ({@code ./pipeline gateway} is the same with
 * the CLI's one-line errors.)
 */
public final class GatewayApp {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayApp.class);

    private GatewayApp() {
    }

    public static void main(String[] args) throws InterruptedException {
        GatewaySettings settings = GatewaySettings.from(
                SettingsSource.loadChecked(args.length > 0 ? Path.of(args[0]) : null, System.getenv()));
        GatewayServer gateway = GatewayServer.start(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            stopped.countDown();
        }, "gateway-shutdown"));
        LOG.info("READY gateway={}", gateway.url());
        stopped.await();
    }
}
