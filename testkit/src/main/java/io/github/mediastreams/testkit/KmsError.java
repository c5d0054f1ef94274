package io.github.mediastreams.testkit;

/**
 * An error the double answers with, in KMS's shape {@code {code, message, data:{type}}}.
 * Thrown inside request handling and turned into a JSON-RPC error response at the edge; it is
 * an exception only so deep handlers can abort a request the way KMS's C++ code does.
 */
final class KmsError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int code;
  private final String type;

  KmsError(int code, String message, String type) {
    super(message, null, false, false);
    this.code = code;
    this.type = type;
  }

  KmsError(int code, String message) {
    this(code, message, KmsErrors.typeOf(code));
  }

  int code() {
    return code;
  }

  /** The {@code data.type}; null for plain JSON-RPC errors, which KMS sends without data. */
  String type() {
    return type;
  }

  static KmsError objectNotFound(String id) {
    return new KmsError(KmsErrors.MEDIA_OBJECT_NOT_FOUND, "Object '" + id + "' not found");
  }

  static KmsError methodNotFound() {
    return new KmsError(KmsErrors.METHOD_NOT_FOUND, "Method not found.", null);
  }

  static KmsError missingParam(String name) {
    return new KmsError(KmsErrors.INVALID_PARAMS, "'" + name + "' parameter is required",
        "INVALID_PARAMS");
  }
}
