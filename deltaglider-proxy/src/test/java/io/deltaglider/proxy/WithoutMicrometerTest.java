package io.deltaglider.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

/**
 * Micrometer is an optional dependency: the gateway loads and serves without it. The test's class
 * path less Micrometer's jars, in a class loader of its own, runs {@link NoMicrometerProbe}.
 */
class WithoutMicrometerTest {
  @Test
  void theGatewayServesWithoutMicrometerOnTheClassPath() throws Exception {
    List<URL> urls = new ArrayList<>();
    for (Path p : classPath()) {
      if (!p.getFileName().toString().startsWith("micrometer-")) {
        urls.add(p.toUri().toURL());
      }
    }
    assertTrue(urls.size() < classPath().size(), "Micrometer was on the test class path: " + classPath());
    try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
      Class<?> probe = Class.forName(NoMicrometerProbe.class.getName(), true, loader);
      assertEquals(loader, probe.getClassLoader());
      String report = (String) probe.getMethod("run").invoke(null);
      assertTrue(report.startsWith("micrometer absent\nhealth 200\nunsigned GET 403 AccessDenied\n"), report);
      assertTrue(report.contains("meterRegistry refused: meterRegistry needs io.micrometer:micrometer-core"), report);
      assertFalse(report.contains("accepted"), report);
    }
  }

  /** The entries of this JVM's class path, those of a manifest-only jar's Class-Path included. */
  private static List<Path> classPath() throws Exception {
    List<Path> out = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(e);
      out.add(p);
      if (e.endsWith(".jar") && p.getFileName().toString().startsWith("surefire")) {
        try (JarFile jar = new JarFile(p.toFile())) {
          Manifest m = jar.getManifest();
          String cp = m == null ? null : m.getMainAttributes().getValue("Class-Path");
          if (cp != null) {
            for (String u : cp.trim().split("\\s+")) {
              out.add(Path.of(p.toUri().resolve(u)));
            }
          }
        }
      }
    }
    return out;
  }
}
