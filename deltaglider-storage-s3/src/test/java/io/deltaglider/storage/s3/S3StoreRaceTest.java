package io.deltaglider.storage.s3;

import io.deltaglider.testkit.ChildJvm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deltaglider.DeltaStore;
import io.deltaglider.DeltaStoreException;
import io.deltaglider.VerifyReport;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Issue 17's race on S3: 12 writers, 2 threads on each of 6 stores, in one JVM or spread over this
 * JVM and 2 child JVMs, put their own first object into the same fresh deltaspace at the same
 * moment, for 8 deltaspaces in turn. Against S3Proxy as it is (it enforces {@code If-None-Match: *})
 * and behind a relay that strips the header (a server that accepts it without enforcing it). Every
 * acknowledged object reads back byte-exact and verify passes, on a fresh store and on a writer's
 * (whose cache holds the references its puts used). With enforcement each deltaspace's reference
 * was written once at the server, the other creates were refused there (so the race did happen),
 * and exactly one put reports creating it; without, the stores find out by their probe, create no
 * reference and store the objects whole.
 */
class S3StoreRaceTest {
  static final int STORES_PER_JVM = 2;
  static final int THREADS_PER_STORE = 2;
  static final int CHILDREN = 2;
  static final int JVMS = CHILDREN + 1;
  static final int WRITERS = JVMS * STORES_PER_JVM * THREADS_PER_STORE;
  static final int ROUNDS = 8;
  private static final Pattern REFERENCE_PUT = Pattern.compile("/race/ds(\\d+)/reference\\.bin(\\?.*)?$");
  private static S3Fixture server;
  @TempDir Path dir;

  @BeforeAll
  static void startServer() throws Exception {
    server = new S3Fixture();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  /**
   * What the stores talk to: a relay to S3Proxy as it is, or to one that checks no signatures with
   * If-None-Match dropped on the way. Either way it notes the server's answer to every reference
   * PUT, which tells how many creates the server refused, whatever the stores report.
   */
  private static FaultProxy relay(boolean enforced) throws Exception {
    FaultProxy relay = new FaultProxy(enforced ? server.port() : server.unauthenticatedPort());
    if (!enforced) {
      relay.stripRequestHeader("If-None-Match");
    }
    relay.recordStatusesWhen(head -> head.startsWith("put ") && head.substring(0, head.indexOf('\r')).contains(
        "/reference.bin"));
    return relay;
  }

  @ParameterizedTest(name = "enforced={0}")
  @ValueSource(booleans = {true, false})
  void twelveWritersInSixStoresOfOneJvm(boolean enforced) throws Exception {
    String bucket = server.newBucket();
    List<String> lines = new ArrayList<>();
    try (FaultProxy relay = relay(enforced);
        RaceWorkload.Writers writers = new RaceWorkload.Writers(relay.endpoint(), bucket, 0, JVMS * STORES_PER_JVM,
            THREADS_PER_STORE)) {
      for (int round = 0; round < ROUNDS; round++) {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> puts = writers.prepare(round, go);
        go.countDown();
        for (Future<String> f : puts) {
          lines.add(f.get(120, TimeUnit.SECONDS));
        }
      }
      check("1 JVM", bucket, lines, enforced, relay, writers.stores);
    }
  }

  @ParameterizedTest(name = "enforced={0}")
  @ValueSource(booleans = {true, false})
  void twelveWritersInSixStoresOfThreeJvms(boolean enforced) throws Exception {
    String bucket = server.newBucket();
    int perJvm = STORES_PER_JVM * THREADS_PER_STORE;
    List<String> lines = new ArrayList<>();
    List<Process> children = new ArrayList<>();
    try (FaultProxy relay = relay(enforced)) {
      URI endpoint = relay.endpoint();
      for (int c = 0; c < CHILDREN; c++) {
        children.add(ChildJvm.start(RaceChild.class, log(c), endpoint.toString(), bucket, dir.toString(), "c" + c,
            String.valueOf((c + 1) * perJvm), String.valueOf(STORES_PER_JVM), String.valueOf(THREADS_PER_STORE),
            String.valueOf(ROUNDS)));
      }
      try (RaceWorkload.Writers writers = new RaceWorkload.Writers(endpoint, bucket, 0, STORES_PER_JVM,
          THREADS_PER_STORE)) {
        for (int c = 0; c < CHILDREN; c++) {
          ChildJvm.awaitFile(children.get(c), dir.resolve("ready-c" + c), log(c));
        }
        for (int round = 0; round < ROUNDS; round++) {
          CountDownLatch go = new CountDownLatch(1);
          List<Future<String>> puts = writers.prepare(round, go);
          for (Process child : children) { // each child's writers wait on its stdin
            OutputStream gate = child.getOutputStream();
            gate.write("go\n".getBytes(StandardCharsets.US_ASCII));
            gate.flush();
          }
          go.countDown();
          for (Future<String> f : puts) {
            lines.add(f.get(120, TimeUnit.SECONDS));
          }
          for (int c = 0; c < CHILDREN; c++) {
            Path done = dir.resolve("done-c" + c + "-" + round);
            ChildJvm.awaitFile(children.get(c), done, log(c));
            lines.addAll(Files.readAllLines(done));
          }
        }
        for (int c = 0; c < CHILDREN; c++) {
          Process child = children.get(c);
          child.getOutputStream().close();
          assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child exits");
          assertEquals(0, child.exitValue(), Files.readString(log(c)));
        }
        check(JVMS + " JVMs", bucket, lines, enforced, relay, writers.stores);
      }
    } finally {
      for (Process child : children) {
        child.destroyForcibly();
      }
    }
  }

  private Path log(int child) {
    return dir.resolve("child-" + child + ".log");
  }

  /**
   * Nothing lost, one reference per deltaspace as the server allows it, and what the stores
   * reported agrees with what the server did. Lost objects are checked first: they are what a
   * broken create-if-absent costs.
   */
  private static void check(String where, String bucket, List<String> lines, boolean enforced, FaultProxy relay,
      List<DeltaStore> writerStores) throws Exception {
    assertEquals(WRITERS * ROUNDS, lines.size(), "every put was acknowledged");
    Map<String, Integer> creators = new TreeMap<>();
    Map<String, String> forms = new TreeMap<>();
    for (String line : lines) {
      String[] f = line.split(" ");
      assertEquals(null, forms.put(f[0], f[2]), "one line per put: " + line);
      creators.merge(f[0].substring(0, f[0].lastIndexOf('/')), Boolean.parseBoolean(f[1]) ? 1 : 0, Integer::sum);
    }
    Map<String, String> expectedForms = new TreeMap<>();
    Set<String> expectedStored = new TreeSet<>();
    Map<String, Integer> expectedCreators = new TreeMap<>();
    for (int round = 0; round < ROUNDS; round++) {
      expectedCreators.put(RaceWorkload.deltaspace(round), enforced ? 1 : 0);
      if (enforced) {
        expectedStored.add(RaceWorkload.deltaspace(round) + "/reference.bin");
      }
      for (int w = 0; w < WRITERS; w++) {
        String key = RaceWorkload.key(round, w);
        expectedForms.put(key, enforced ? "DELTA" : "PASSTHROUGH");
        expectedStored.add(enforced ? key + ".delta" : key);
      }
    }
    assertEquals(expectedForms.keySet(), forms.keySet(), "the acknowledged keys");

    // Every acknowledged object reads back byte-exact from a fresh store; verify passes.
    List<String> lost = new ArrayList<>();
    try (DeltaStore reader = DeltaStore.builder().backend(server.backend().bucket(bucket).build()).build()) {
      for (int round = 0; round < ROUNDS; round++) {
        for (int w = 0; w < WRITERS; w++) {
          String key = RaceWorkload.key(round, w);
          try {
            if (!Arrays.equals(RaceWorkload.content(round, w), reader.get(key))) {
              lost.add(key + ": other bytes");
            }
          } catch (DeltaStoreException e) {
            lost.add(key + ": " + e.getMessage());
          }
        }
      }
      assertEquals(List.of(), lost, lost.size() + " of " + WRITERS * ROUNDS + " acknowledged objects lost");
      VerifyReport report = reader.verify(RaceWorkload.PREFIX);
      assertTrue(report.ok(), report.toString());
      assertEquals(WRITERS * ROUNDS, report.verified().size());
      assertEquals(WRITERS * ROUNDS, reader.listAll(RaceWorkload.PREFIX).size());
    }
    // One writer's store, its cache warm with the references its puts used, is enough here (each
    // verify through the relay costs seconds); that verify skips the cache is NonAtomicBackendTest's.
    VerifyReport writers = writerStores.get(0).verify(RaceWorkload.PREFIX);
    assertTrue(writers.ok(), writers.toString());
    assertEquals(WRITERS * ROUNDS, writers.verified().size());

    // What the stores found and reported.
    for (DeltaStore s : writerStores) {
      assertEquals(enforced, s.backend().supportsAtomicPutIfAbsent(), "what the probe found");
    }
    assertEquals(expectedCreators, creators, "puts that report creating their deltaspace's reference");
    assertEquals(expectedForms, forms, "how each put stored its object");

    // What the server decided about reference creates.
    Map<Integer, List<Integer>> referencePuts = new TreeMap<>();
    relay.statuses().forEach((target, statuses) -> {
      Matcher m = REFERENCE_PUT.matcher(target);
      if (m.find()) {
        referencePuts.computeIfAbsent(Integer.parseInt(m.group(1)), r -> new ArrayList<>()).addAll(statuses);
      }
    });
    int refused = 0;
    int contended = 0;
    if (enforced) {
      assertEquals(ROUNDS, referencePuts.size(), referencePuts.toString());
      for (Map.Entry<Integer, List<Integer>> e : referencePuts.entrySet()) {
        List<Integer> statuses = e.getValue();
        assertEquals(1, statuses.stream().filter(st -> st == 200).count(), "ds" + e.getKey()
            + ": the reference was written once at the server: " + statuses);
        assertTrue(statuses.stream().allMatch(st -> st == 200 || st == 412), "ds" + e.getKey() + ": " + statuses);
        refused += statuses.size() - 1;
        contended += statuses.size() > 1 ? 1 : 0;
      }
      // Without a refused create this run would not have tested the race at all.
      assertTrue(refused > 0, "no create-if-absent was refused: the writers did not race");
    } else {
      assertEquals(Map.of(), referencePuts, "no reference create reaches a server that does not enforce them");
    }

    // What the bucket holds: exactly the objects and references expected (no probe scratch key either).
    Set<String> stored = new TreeSet<>();
    String token = null;
    do {
      String t = token;
      var page = server.raw().listObjectsV2(r -> r.bucket(bucket).continuationToken(t));
      for (S3Object o : page.contents()) {
        stored.add(o.key());
      }
      token = page.nextContinuationToken();
    } while (token != null);
    assertEquals(expectedStored, stored);
    System.out.println("[S3StoreRaceTest] " + where + ", enforced=" + enforced + ": " + ROUNDS + " rounds of "
        + WRITERS + " writers; creates refused by the server: " + refused + ", in " + contended + " of " + ROUNDS
        + " deltaspaces");
  }
}
