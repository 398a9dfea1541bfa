package io.deltaglider.testkit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's Java examples are the example sources this module compiles and runs, word for word. */
class ReadmeExampleTest {
  @Test
  void everyJavaBlockOfTheReadmeIsInTheExampleSources() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    Path dir = Path.of("src/test/java/io/deltaglider/testkit/example");
    String sources = Files.readString(dir.resolve("MeteredBackend.java"))
        + Files.readString(dir.resolve("MeteredBackendTest.java"));
    List<String> blocks = new ArrayList<>();
    for (int at = readme.indexOf("```java\n"); at >= 0; at = readme.indexOf("```java\n", at + 1)) {
      int end = readme.indexOf("```", at + 8);
      blocks.add(readme.substring(at + 8, end));
    }
    assertTrue(blocks.size() >= 2, "the README shows the backend and its test");
    for (String block : blocks) {
      assertTrue(sources.contains(block), "not in the example sources:\n" + block);
    }
  }
}
