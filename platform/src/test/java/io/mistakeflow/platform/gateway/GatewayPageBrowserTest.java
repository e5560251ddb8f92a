package io.mistakeflow.platform.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mistakeflow.common.config.SettingsSource;
import io.mistakeflow.common.mistake.Mistake;
import io.mistakeflow.gateway.GatewayServer;
import io.mistakeflow.gateway.GatewaySettings;
import io.mistakeflow.gateway.auth.DevelopmentSecret;
import io.mistakeflow.gateway.auth.DevelopmentTokens;
import io.mistakeflow.platform.generate.MistakeWriter;
import io.mistakeflow.platform.embedded.PipelineRuntime;
import io.mistakeflow.platform.demo.ReferenceData;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in a real browser (headless Chromium from Debian's {@code chromium} and
 * {@code chromium-driver}; nothing is downloaded) against the whole pipeline: mistakes inserted
 * into Postgres for the signed-in student become a recommendation card, the card's event is
 * acknowledged in Postgres, and a reload shows no event twice. Screenshots of a phone-sized
 * window go to {@code target/gateway-page*.png}.
 */
class GatewayPageBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TOPIC = "TR.MAT.ALG.001";

    private static PipelineRuntime runtime;
    private static ChromeDriver browser;

    @BeforeAll
    static void start(@TempDir Path profile) {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "skipped: no headless browser; install Debian's chromium and chromium-driver (.ci/run does, as root)");
        // the demo's runtime, with its gateway, as ./pipeline demo runs it
        runtime = PipelineRuntime.start(PipelineRuntime.Options.defaults().withGateway(0), ReferenceData::seedMistakeTypes);

        ChromeDriverService driver = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=412,915");
        browser = new ChromeDriver(driver, options);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void quickMistakesBecomeACardWhoseEventIsAcknowledgedAndAReloadShowsNoEventTwice() throws Exception {
        String student = UUID.randomUUID().toString();
        String link = runtime.pageLink(student, Duration.ofHours(1));
        String token = link.substring(link.indexOf("token=") + "token=".length());
        browser.get(link);
        awaitLive();
        assertThat(browser.getCurrentUrl()).doesNotContain(token);

        // the worked example (docs/behaviour.md#worked-example): three 3 s CALCULATION_ERROR mistakes 1 s apart; PANIC_RUSH on the third
        Instant first = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        insertMistakes(student, first, 0, 1, 2);

        WebElement card = new WebDriverWait(browser, WAIT).until(
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#cards .card")));
        String recommendation = card.getDomAttribute("data-recommendation-id");
        assertThat(card.findElement(By.cssSelector(".priority")).getText()).isEqualTo("priority 8");
        assertThat(card.findElement(By.tagName("h3")).getText()).isNotBlank();
        assertThat(card.findElements(By.cssSelector(".actions button"))).hasSize(3);
        String created = awaitAcknowledged(1).get(0);
        // acknowledged at once, stored when the sink has written the row (which may come a moment after the event)
        awaitRow(created, "RECOMMENDATION_CREATED", recommendation);
        screenshot("gateway-page.png");

        browser.navigate().refresh();
        awaitLive();
        // the card again (from the recommendations), and no event: the one shown was delivered
        new WebDriverWait(browser, WAIT).until(
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#cards .card[data-recommendation-id='"
                        + recommendation + "']")));
        assertThat(browser.findElements(By.cssSelector("#cards .card"))).hasSize(1);
        assertThat(loggedEventIds()).isEmpty();

        // a fourth mistake updates the same card; the page shows that one event, once
        insertMistakes(student, first, 3);
        String updated = awaitAcknowledged(1).get(0);
        assertThat(updated).isNotEqualTo(created);
        awaitRow(updated, "RECOMMENDATION_UPDATED", recommendation);
        assertThat(browser.findElements(By.cssSelector("#cards .card"))).hasSize(1);
        await().atMost(WAIT).untilAsserted(() -> assertThat(
                row("SELECT is_shown FROM student_recommendations WHERE id = ?::uuid", recommendation)).containsExactly(true));
        screenshot("gateway-page-after-reload.png");
    }

    private static void awaitRow(String event, String type, String recommendation) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(
                row("SELECT event_type, recommendation_id::text, delivered FROM ui_reflex_events WHERE id = ?::uuid", event))
                .containsExactly(type, recommendation, true));
    }

    private void awaitLive() {
        new WebDriverWait(browser, WAIT).until(
                ExpectedConditions.attributeToBe(By.id("connection"), "data-state", "live"));
    }

    /** Waits until the page lists {@code count} events, each acknowledged; fails on a duplicate id. */
    private List<String> awaitAcknowledged(int count) {
        return await().atMost(WAIT).until(() -> {
            List<WebElement> items = browser.findElements(By.cssSelector("#events li"));
            boolean all = items.size() == count
                    && items.stream().allMatch(item -> "true".equals(item.getDomAttribute("data-delivered")));
            return all ? loggedEventIds() : null;
        }, ids -> ids != null);
    }

    private List<String> loggedEventIds() {
        List<String> ids = new ArrayList<>();
        for (WebElement item : browser.findElements(By.cssSelector("#events li"))) {
            ids.add(item.getDomAttribute("data-event-id"));
        }
        Set<String> distinct = new HashSet<>(ids);
        assertThat(distinct).as("event ids on the page").hasSameSizeAs(ids);
        return ids;
    }

    private static void insertMistakes(String student, Instant first, int... seconds) throws Exception {
        List<Mistake> mistakes = new ArrayList<>();
        for (int second : seconds) {
            mistakes.add(new Mistake(UUID.randomUUID().toString(), student, TOPIC, "CALCULATION_ERROR", null, 3,
                    first.plusSeconds(second)));
        }
        try (Connection connection = runtime.stack().postgres().connect()) {
            for (Mistake mistake : mistakes) {
                MistakeWriter.insert(connection, List.of(mistake));
            }
        }
    }

    private static List<Object> row(String query, String id) throws Exception {
        try (Connection connection = runtime.stack().postgres().connect();
             PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setString(1, id);
            try (ResultSet result = statement.executeQuery()) {
                List<Object> row = new ArrayList<>();
                if (result.next()) {
                    for (int column = 1; column <= result.getMetaData().getColumnCount(); column++) {
                        row.add(result.getObject(column));
                    }
                }
                return row;
            }
        }
    }

    private static void screenshot(String name) throws Exception {
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Files.createDirectories(Path.of("target"));
        Files.copy(shot.toPath(), Path.of("target", name), StandardCopyOption.REPLACE_EXISTING);
    }
}
