package io.lockerism.catalog;

/** A single cell value that fails validation; the message reads well after "field: ". */
final class InvalidValueException extends RuntimeException {
  InvalidValueException(String message) {
    super(message, null, false, false); // no stack trace: these are expected, per-row outcomes
  }
}
