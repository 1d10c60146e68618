package fluxor.enterprise.http;

import io.helidon.http.Status;
import java.time.Duration;
import java.util.List;

/**
 * The failures a request can end in. Services throw these; {@link ErrorMapping} turns each into one
 * problem+json response, so no handler formats an error itself.
 */
public abstract sealed class AppException extends RuntimeException {
    private final Status status;
    private final String type;

    private AppException(Status status, String type, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
    }

    public Status status() {
        return status;
    }

    /** Last segment of the problem type URI, e.g. {@code validation}. */
    public String type() {
        return type;
    }

    public String detail() {
        return getMessage();
    }

    public static final class BadRequest extends AppException {
        public BadRequest(String detail) {
            super(Status.BAD_REQUEST_400, "bad-request", detail);
        }
    }

    public static final class Validation extends AppException {
        private final List<FieldError> errors;

        public Validation(List<FieldError> errors) {
            super(Status.BAD_REQUEST_400, "validation", "The request has invalid fields.");
            this.errors = List.copyOf(errors);
        }

        public Validation(String field, String message) {
            this(List.of(new FieldError(field, message)));
        }

        public List<FieldError> errors() {
            return errors;
        }
    }

    public static final class Unauthorized extends AppException {
        public Unauthorized(String detail) {
            super(Status.UNAUTHORIZED_401, "unauthorized", detail);
        }
    }

    public static final class Forbidden extends AppException {
        public Forbidden(String detail) {
            super(Status.FORBIDDEN_403, "forbidden", detail);
        }
    }

    public static final class NotFound extends AppException {
        public NotFound(String detail) {
            super(Status.NOT_FOUND_404, "not-found", detail);
        }
    }

    public static final class MethodNotAllowed extends AppException {
        private final List<String> allowed;

        public MethodNotAllowed(List<String> allowed) {
            super(
                    Status.METHOD_NOT_ALLOWED_405,
                    "method-not-allowed",
                    "This resource supports " + String.join(", ", allowed) + ".");
            this.allowed = List.copyOf(allowed);
        }

        public List<String> allowed() {
            return allowed;
        }
    }

    public static final class Conflict extends AppException {
        public Conflict(String detail) {
            super(Status.CONFLICT_409, "conflict", detail);
        }
    }

    /** A conditional request whose precondition (e.g. If-Match) does not hold. */
    public static final class PreconditionFailed extends AppException {
        public PreconditionFailed(String detail) {
            super(Status.PRECONDITION_FAILED_412, "precondition-failed", detail);
        }
    }

    /** Well-formed, but cannot be processed as sent (e.g. an Idempotency-Key reused for another request). */
    public static final class Unprocessable extends AppException {
        public Unprocessable(String detail) {
            super(Status.UNPROCESSABLE_CONTENT_422, "unprocessable-content", detail);
        }
    }

    public static final class PayloadTooLarge extends AppException {
        public PayloadTooLarge(String detail) {
            super(Status.REQUEST_ENTITY_TOO_LARGE_413, "payload-too-large", detail);
        }
    }

    public static final class UnsupportedMediaType extends AppException {
        public UnsupportedMediaType(String detail) {
            super(Status.UNSUPPORTED_MEDIA_TYPE_415, "unsupported-media-type", detail);
        }
    }

    /** 429 and 503 both tell the client when to come back. */
    public static final class RetryLater extends AppException {
        private final Duration retryAfter;

        private RetryLater(Status status, String type, String detail, Duration retryAfter) {
            super(status, type, detail);
            this.retryAfter = retryAfter;
        }

        public static RetryLater tooManyRequests(String detail, Duration retryAfter) {
            return new RetryLater(Status.TOO_MANY_REQUESTS_429, "too-many-requests", detail, retryAfter);
        }

        public static RetryLater unavailable(String detail, Duration retryAfter) {
            return new RetryLater(Status.SERVICE_UNAVAILABLE_503, "unavailable", detail, retryAfter);
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }
}
