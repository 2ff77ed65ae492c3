package io.seldonmesh.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * pipeline-gateway's status page ({@code /ui/}) in Debian's headless Chromium against the running local stack, as an
 * operator sees it after {@code ./run-local}: the demo model with its state and checksum method, the sample pipeline
 * drawn as a graph, a joined pipeline's join type, "try it" on iris, and a model that cannot load with its reason.
 * Screenshots go to {@code target/screenshots/}. Skipped, saying why, where chromium or chromedriver is not installed.
 */
@ExtendWith(SharedStack.class)
class StatusPageTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String JOINED = "status-page-join";
    private static final String MISSING = "status-page-missing";
    private static final String FAILING = "status-page-failing";

    private static WebDriver driver;
    private static Path profile;
    private static PipelineGatewayClient controlApi;

    @BeforeAll
    static void startBrowser() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "the status page test needs Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER
                        + "): apt-get install chromium chromium-driver, as .ci/run does");
        // With the driver given, Selenium Manager is never asked for one (nothing is downloaded).
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        Files.createDirectories(SCREENSHOTS);
        profile = Files.createTempDirectory("status-page-chromium");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless=new",
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().withLogFile(SCREENSHOTS.resolve("chromedriver.log").toFile()).build();
        driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1440, 1000));
        driver.manage().timeouts().pageLoadTimeout(WAIT).scriptTimeout(WAIT);
    }

    @AfterAll
    static void quitBrowser() throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @BeforeEach
    void openPage(SharedStack.Running running) {
        controlApi = new PipelineGatewayClient(URI.create(running.gateway() + "/"),
                running.stack().settings().workDirectory().resolve("logs"));
        driver.get(running.gateway() + "/ui/");
    }

    @Test
    void runLocalPrintsThePagesAddress(SharedStack.Running running) {
        assertThat(running.printed()).contains("Status page: " + running.gateway() + "/ui/");
    }

    @Test
    void irisShowsAvailableWithItsChecksumMethod(TestInfo test) {
        WebElement iris = waitFor(By.cssSelector("tr[data-model='iris']"));
        waitForText(By.cssSelector("tr[data-model='iris'] .model-state"), "Available");

        assertThat(iris.findElement(By.cssSelector(".model-verification")).getText()).contains("sha256");
        assertThat(iris.findElement(By.cssSelector(".model-state")).getText()).isEqualTo("Available");
        // measured by the model-gateway consumer check: the demo's request was read and committed, nothing waits
        new WebDriverWait(driver, WAIT).withMessage(() -> "a measured consumer lag for iris; the row shows: "
                        + driver.findElement(By.cssSelector("tr[data-model='iris']")).getText())
                .until(page -> page.findElement(By.cssSelector("tr[data-model='iris'] .model-lag")).getText()
                        .matches("\\d+"));
        screenshot(test);
    }

    @Test
    void pipelineGraphsShowTheirStepsAndAJoinWithItsTypeAndWindow(TestInfo test) {
        declarePipeline(JOINED, """
                  steps:
                    - name: tfsimple1
                    - name: tfsimple2
                  output:
                    steps:
                    - tfsimple1.outputs.OUTPUT0
                    - tfsimple2.outputs.OUTPUT1
                    stepsJoin: inner
                    joinWindowMs: 5000
                """);

        for (String step : List.of("tfsimple1", "tfsimple2")) {
            WebElement node = waitFor(By.cssSelector("article[data-pipeline='tfsimples'] svg g[data-node='" + step + "']"));
            assertThat(node.findElement(By.cssSelector("text.name")).getText()).isEqualTo(step);
        }
        assertThat(driver.findElement(By.cssSelector("article[data-pipeline='tfsimples'] svg")).getText())
                .as("the tensorMap on the edge between the steps").contains("OUTPUT0 → INPUT0");
        // a rate needs two polls of the overview
        new WebDriverWait(driver, WAIT).withMessage(() -> "edges of tfsimples labelled with the records they carry")
                .until(page -> page.findElement(By.cssSelector("article[data-pipeline='tfsimples'] svg")).getText()
                        .matches("(?s).*OUTPUT0 → INPUT0.*\\d+\\.\\d\\d rec/s.*"));
        waitForText(By.cssSelector("article[data-pipeline='" + JOINED + "'] tr[data-step='(output)'] .step-join"),
                "inner join");
        assertThat(driver.findElement(By.cssSelector("article[data-pipeline='" + JOINED + "'] svg g[data-node='(output)']"))
                .getText()).contains("inner join", "5000 ms");
        scrollTo(By.cssSelector("article[data-pipeline='tfsimples']"));
        screenshot(test);
    }

    @Test
    void tryItOnIrisAnswersWithItsProbabilitiesLatencyAndRoute(TestInfo test) {
        waitFor(By.cssSelector("#try-target option[value='model:iris']"));
        new Select(driver.findElement(By.id("try-target"))).selectByValue("model:iris");
        driver.findElement(By.id("try-template")).click();
        assertThat(driver.findElement(By.id("try-body")).getAttribute("value")).contains("5.1", "FP32");

        driver.findElement(By.id("try-send")).click();

        WebElement answer = waitFor(By.cssSelector("#try-result .try-answer"));
        assertThat(answer.getText()).contains("\"probabilities\"", "\"model_name\": \"iris\"");
        assertThat(driver.findElement(By.cssSelector("#try-result .try-summary")).getText()).startsWith("HTTP 200");
        assertThat(driver.findElement(By.cssSelector("#try-result .try-latency")).getText()).matches("\\d+ ms");
        assertThat(driver.findElement(By.cssSelector("#try-result .try-route")).getText()).startsWith("x-seldon-route:");
        scrollTo(By.id("try-heading"));
        screenshot(test);
    }

    @Test
    void aModelThatCannotLoadShowsLoadFailedWithItsReason(TestInfo test) {
        controlApi.put("/v1/models/" + MISSING, """
                apiVersion: mlops.seldon.io/v1alpha1
                kind: Model
                metadata:
                  name: %s
                spec:
                  storageUri: local-s3://models/does-not-exist
                  secretName: local-s3
                  requirements:
                  - onnx
                """.formatted(MISSING));

        waitForText(By.cssSelector("tr[data-model='" + MISSING + "'] .model-state"), "LoadFailed");
        String reason = driver.findElement(By.cssSelector("tr[data-model='" + MISSING + "'] .model-reason")).getText();
        assertThat(reason).as("the reason shown for " + MISSING).contains("does-not-exist");
        screenshot(test);
    }

    @Test
    void aStepWhoseModelRefusesTheRequestIsHighlightedWithItsLastError(TestInfo test) {
        declarePipeline(FAILING, """
                  steps:
                    - name: iris
                  output:
                    steps:
                    - iris
                """);
        controlApi.awaitPipelineReady(FAILING, WAIT);
        waitFor(By.cssSelector("#try-target option[value='pipeline:" + FAILING + "']"));
        new Select(driver.findElement(By.id("try-target"))).selectByValue("pipeline:" + FAILING);
        WebElement request = driver.findElement(By.id("try-body"));
        request.clear();
        request.sendKeys("{\"inputs\":[{\"name\":\"input\",\"shape\":[1,3],\"datatype\":\"FP32\",\"data\":[5.1,3.5,1.4]}]}");

        driver.findElement(By.id("try-send")).click();

        waitForText(By.cssSelector("#try-result .try-summary"), "HTTP 400");
        String step = "article[data-pipeline='" + FAILING + "'] ";
        waitFor(By.cssSelector(step + "svg g.node.failing[data-node='iris']"));
        waitFor(By.cssSelector(step + "tr.failing[data-step='iris']"));
        assertThat(driver.findElement(By.cssSelector(step + "tr[data-step='iris'] .step-error")).getText())
                .as("the last error shown for step iris").contains("expected shape [-1,4], received [1,3]");
        assertThat(driver.findElement(By.id("errors")).getText()).contains("pipeline " + FAILING + ", model iris");
        scrollTo(By.cssSelector("article[data-pipeline='" + FAILING + "']"));
        screenshot(test);
    }

    @AfterAll
    static void forgetWhatTheTestsDeclared() {
        if (controlApi == null) {
            return;
        }
        for (String path : List.of("/v1/pipelines/" + JOINED, "/v1/pipelines/" + FAILING,
                "/v1/models/" + MISSING)) {
            try {
                controlApi.delete(path);
            } catch (StackException notDeclared) {
                System.err.println("status page test: " + notDeclared.getMessage());
            }
        }
    }

    /** @param spec the Pipeline's spec, indented two spaces as under {@code spec:} */
    private static void declarePipeline(String name, String spec) {
        controlApi.put("/v1/pipelines/" + name, """
                apiVersion: mlops.seldon.io/v1alpha1
                kind: Pipeline
                metadata:
                  name: %s
                spec:
                """.formatted(name) + spec);
    }

    private static WebElement waitFor(By what) {
        return new WebDriverWait(driver, WAIT).withMessage(() -> what + " on the status page; it shows: "
                + driver.findElement(By.tagName("body")).getText()).until(ExpectedConditions.presenceOfElementLocated(what));
    }

    private static void waitForText(By what, String text) {
        new WebDriverWait(driver, WAIT).withMessage(() -> "'" + text + "' in " + what + "; the page shows: "
                        + driver.findElement(By.tagName("body")).getText())
                .until(ExpectedConditions.textToBePresentInElementLocated(what, text));
    }

    private static void scrollTo(By what) {
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView()",
                driver.findElement(what));
    }

    private static void screenshot(TestInfo test) {
        Path file = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        String name = test.getTestMethod().map(java.lang.reflect.Method::getName).orElse("page") + ".png";
        try {
            Files.copy(file, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
