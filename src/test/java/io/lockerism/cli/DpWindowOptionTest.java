package io.lockerism.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lockerism.config.AppConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** `serve --dp-window` takes ISO-8601 durations or seconds, and refuses nonsense clearly. */
class DpWindowOptionTest {

  private final ServeCommand.DurationConverter converter = new ServeCommand.DurationConverter();

  @Test
  void acceptsIsoDurationsAndSeconds() {
    assertEquals(Duration.ofDays(1), converter.convert("P1D"));
    assertEquals(Duration.ofSeconds(60), converter.convert("pt60s"));
    assertEquals(Duration.ofSeconds(90), converter.convert(" 90 "));
  }

  @Test
  void refusesWhatIsNotADuration() {
    CommandLine.TypeConversionException e =
        assertThrows(
            CommandLine.TypeConversionException.class, () -> converter.convert("tomorrow"));
    assertEquals("not a duration (e.g. P1D, PT60S or 60): tomorrow", e.getMessage());
  }

  @Test
  void theConfigKeepsWindowsBetweenASecondAndAYear() {
    AppConfig c = AppConfig.forDataDir(Path.of("x"));
    assertEquals(Duration.ofDays(1), c.dpWindow());
    assertThrows(IllegalArgumentException.class, () -> c.withDpWindow(Duration.ofMillis(500)));
    assertThrows(IllegalArgumentException.class, () -> c.withDpWindow(Duration.ofDays(400)));
  }
}
