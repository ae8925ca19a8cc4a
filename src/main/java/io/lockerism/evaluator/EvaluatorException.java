package io.lockerism.evaluator;

/** A remote evaluator could not be reached, refused a request, or answered something unusable. */
public class EvaluatorException extends RuntimeException {

  public EvaluatorException(String message) {
    super(message);
  }

  public EvaluatorException(String message, Throwable cause) {
    super(message, cause);
  }
}
