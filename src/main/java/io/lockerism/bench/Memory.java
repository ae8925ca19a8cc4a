package io.lockerism.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/** Heap (JMX) and process memory (/proc/self/status; -1 where it does not exist). */
record Memory(long heapUsed, long heapPeak, long heapMax, long rss, long rssPeak) {

  static Memory sample() {
    var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return new Memory(heap.getUsed(), peak, heap.getMax(), status("VmRSS:"), status("VmHWM:"));
  }

  /** A "kB" line of /proc/self/status, in bytes. */
  private static long status(String key) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(key)) {
          String[] parts = line.substring(key.length()).trim().split("\\s+");
          return Long.parseLong(parts[0]) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }
}
