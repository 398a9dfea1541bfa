package io.deltaglider.examples.spring;

import io.deltaglider.examples.ReleaseArchiveService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/** Publishes and reads back releases once the context is up, from {@code example.threads} threads, and reports. */
@Component
public class PublishingRunner implements ApplicationRunner {
  private final ReleaseArchiveService service;
  private final int threads;
  private final int products;
  private final int versions;
  private final int size;
  private volatile ReleaseArchiveService.Summary summary;

  PublishingRunner(ReleaseArchiveService service, @Value("${example.threads:4}") int threads,
      @Value("${example.products:3}") int products, @Value("${example.versions:4}") int versions,
      @Value("${example.size:262144}") int size) {
    this.service = service;
    this.threads = threads;
    this.products = products;
    this.versions = versions;
    this.size = size;
  }

  @Override
  public void run(ApplicationArguments args) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      summary = service.publishAndVerify(products, versions, size, pool);
    } finally {
      pool.shutdown();
    }
    service.report(summary, System.out);
    if (summary.verified() != summary.published()) {
      throw new IllegalStateException("only " + summary.verified() + " of " + summary.published() + " read back as published");
    }
  }

  /** What the run did, or null before it ran. */
  public ReleaseArchiveService.Summary summary() {
    return summary;
  }
}
