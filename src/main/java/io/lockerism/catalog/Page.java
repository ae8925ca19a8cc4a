package io.lockerism.catalog;

import java.util.List;

/** One page of results, with what a pager needs. */
public record Page<T>(List<T> items, int page, int pageSize, long total) {

  public Page {
    items = List.copyOf(items);
  }

  public int totalPages() {
    return (int) Math.max(1, (total + pageSize - 1) / pageSize);
  }

  public boolean hasPrevious() {
    return page > 1;
  }

  public boolean hasNext() {
    return page < totalPages();
  }

  public long firstItemNumber() {
    return total == 0 ? 0 : (long) (page - 1) * pageSize + 1;
  }

  public long lastItemNumber() {
    return Math.min(total, (long) page * pageSize);
  }
}
