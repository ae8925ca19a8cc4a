package io.lockerism.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockerism.config.SecurityConfig;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RemotePicturesTest {

  private static final String PIC = "https://p16-sign-va.tiktokcdn.com/avt/37b98.jpeg";

  @Test
  void offByDefaultNoPictureAndNoRemoteHostInTheCsp() {
    RemotePictures none = new RemotePictures(SecurityConfig.defaults().pictureHosts());
    assertNull(none.src(PIC));
    assertTrue(SecurityHeaders.csp(none).contains("img-src 'self' data:;"));
  }

  @Test
  void onlyHttpsPicturesOnAnAllowedHostAreShown() {
    RemotePictures some = new RemotePictures(Set.of("*.tiktokcdn.com", "cdn.example.org"));
    assertEquals(PIC, some.src(PIC));
    assertEquals("https://cdn.example.org/a.png", some.src("https://cdn.example.org/a.png"));
    assertNull(some.src("http://p16-sign-va.tiktokcdn.com/a.jpeg"), "not https");
    assertNull(some.src("https://tiktokcdn.com.evil.example/a.jpeg"));
    assertNull(some.src("https://eviltiktokcdn.com/a.jpeg"));
    assertNull(some.src("https://x.cdn.example.org/a.png"), "no wildcard asked for");
    assertNull(some.src("https://user@cdn.example.org/a.png"));
    assertNull(some.src("not a url"));
    assertNull(some.src(""));
    assertTrue(
        SecurityHeaders.csp(some)
            .contains("img-src 'self' data: https://*.tiktokcdn.com https://cdn.example.org;"),
        SecurityHeaders.csp(some));
  }

  @Test
  void aHostThatIsNotAHostNameIsAClearError() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SecurityConfig.defaults().withPictureHosts(Set.of("https://x.example.com/")));
    assertTrue(e.getMessage().contains("host name such as"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> SecurityConfig.defaults().withPictureHosts(Set.of("*")));
    assertThrows(
        IllegalArgumentException.class,
        () -> SecurityConfig.defaults().withPictureHosts(Set.of("x.com; script-src *")));
    assertEquals(
        Set.of("cdn.example.com"),
        SecurityConfig.defaults().withPictureHosts(Set.of(" CDN.example.com ", "")).pictureHosts());
  }
}
