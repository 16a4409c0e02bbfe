package io.stateapi.local.console;

import static io.stateapi.http.Http.keyPath;

import io.stateapi.domain.Key;
import io.stateapi.domain.listing.KeyPrefix;
import io.stateapi.domain.tenancy.TenantNamespace;
import io.stateapi.domain.watch.FeedPosition;
import io.stateapi.dynamodb.DynamoDbChangeFeed;
import io.stateapi.http.Http;
import io.stateapi.local.TestStack;
import io.stateapi.local.auth.TokenGrant;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * How soon the console's live feed shows another client's change (ADR 0060, issue 16), on the
 * local stack in headless Chromium: {@code bench.liveFeedWrites} writes (20 by default, after 3
 * to warm up), one at a time. For each: from the write's answer (the change is committed) to the
 * change log item in the feed index (the pipeline, read with the service's own feed adapter
 * every 5 ms), to the entry on the page (the page's own clock, {@code data-shown-at}), and to the
 * same entry marked settled. In the test sources (Selenium is a test dependency), so in no
 * artifact; figures in docs/performance.md, "Console live feed".
 */
public final class LiveFeedLatencyBenchmark {

    private LiveFeedLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int writes = Integer.getInteger("bench.liveFeedWrites", 20);
        int warmUp = 3;
        TestStack stack = TestStack.shared();
        String tenant = "livefeed-" + UUID.randomUUID().toString().substring(0, 8);
        String token = TestStack.issuer().token(TokenGrant.of(tenant, "state:read state:write").lasting(Duration.ofHours(1)));
        Http http = Http.withToken(stack.api(), token);
        String ns = TestStack.uniqueNamespace("livefeed");
        put(http, ns, "seed", "0");
        TenantNamespace namespace = TenantNamespace.of(tenant, ns);
        DynamoDbChangeFeed feed = new DynamoDbChangeFeed(stack.dynamoDb(), TestStack.RESOURCES.changeLogTableName());

        List<Long> pipeline = new ArrayList<>();
        List<Long> shown = new ArrayList<>();
        List<Long> committedAt = new ArrayList<>();
        int pending = 0;
        try (ConsoleBrowser browser = new ConsoleBrowser()) {
            browser.open(stack.console() + "#token=" + token);
            browser.heading("Namespaces");
            browser.open(stack.console() + "#/ns/" + ns + "/feed");
            browser.waitForText(By.id("feed-status"), "Watching");
            for (int i = -warmUp; i < writes; i++) {
                String key = "bench/" + (i + warmUp);
                put(http, ns, key, "{\"n\":" + i + "}");
                long committed = System.currentTimeMillis();
                long indexed = awaitIndexed(feed, namespace, key);
                WebElement entry = new WebDriverWait(browser.driver, Duration.ofSeconds(30), Duration.ofMillis(20))
                        .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("li[data-key='" + key + "']")));
                long shownAt = Long.parseLong(entry.getAttribute("data-shown-at"));
                if (i >= 0) {
                    pipeline.add(indexed - committed);
                    shown.add(shownAt - committed);
                    committedAt.add(committed);
                    pending += "false".equals(entry.getAttribute("data-settled")) ? 1 : 0;
                }
                Thread.sleep(250);
            }
            List<Long> settled = new ArrayList<>();
            for (int i = 0; i < writes; i++) {
                By entry = By.cssSelector("li[data-key='bench/" + (i + warmUp) + "']");
                new WebDriverWait(browser.driver, Duration.ofSeconds(40), Duration.ofMillis(100))
                        .until(ExpectedConditions.attributeToBe(entry, "data-settled", "true"));
                if (browser.driver.findElements(entry).size() != 1) {
                    throw new IllegalStateException("bench/" + (i + warmUp) + " shown more than once");
                }
                settled.add(Long.parseLong(browser.driver.findElement(entry).getAttribute("data-settled-at"))
                        - committedAt.get(i));
            }
            browser.screenshot("live-feed-latency-benchmark");
            System.out.printf("live feed, %d writes on the local stack (%s), from the write's answer:%n", writes, Instant.now());
            report("commit -> change log item in the feed index", pipeline);
            report("commit -> shown in the console (as pending: " + pending + " of " + writes + ")", shown);
            report("commit -> marked settled", settled);
        }
        System.exit(0);
    }

    private static void put(Http http, String ns, String key, String value) {
        HttpResponse<String> response = http.put(keyPath(ns, key), "{\"value\":" + value + "}");
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(response.statusCode() + " " + response.body());
        }
    }

    /** When the change of {@code key} is first in the feed index, read as the watch reads it. */
    private static long awaitIndexed(DynamoDbChangeFeed feed, TenantNamespace namespace, String key)
            throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            if (!feed.read(namespace, KeyPrefix.of(key), FeedPosition.boundary(0), Long.MAX_VALUE, 10).entries().stream()
                    .filter(e -> e.key().equals(Key.of(key))).toList().isEmpty()) {
                return System.currentTimeMillis();
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException(key + " not in the feed index after 30 s");
    }

    private static void report(String what, List<Long> millis) {
        List<Long> sorted = millis.stream().sorted().toList();
        System.out.printf("  %-62s p50 %,6d ms  p95 %,6d ms  max %,6d ms%n", what,
                percentile(sorted, 50), percentile(sorted, 95), sorted.getLast());
    }

    /** Nearest rank. */
    private static long percentile(List<Long> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
