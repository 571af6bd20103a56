package io.aegis.api;

import io.aegis.api.clickhouse.ClickHouseQueryException;
import io.aegis.api.input.InvalidInputException;
import io.aegis.api.workorders.CommandUnavailableException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebInputException;

/** Maps failures of the JSON routes to application/problem+json. */
@RestControllerAdvice
class ApiExceptionHandler {

    @ExceptionHandler(InvalidInputException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidInputException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Invalid request");
        problem.setProperty("field", e.field());
        problem.setProperty("value", e.value());
        problem.setProperty("rule", e.rule());
        return respond(problem);
    }

    @ExceptionHandler(ServerWebInputException.class)
    ResponseEntity<ProblemDetail> unreadable(ServerWebInputException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST, "request body is not valid JSON: " + e.getReason());
        problem.setTitle("Invalid request");
        problem.setProperty("field", "body");
        problem.setProperty("rule", "must be a JSON object");
        return respond(problem);
    }

    @ExceptionHandler(CommandUnavailableException.class)
    ResponseEntity<ProblemDetail> unavailable(CommandUnavailableException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        problem.setTitle("Command side unavailable");
        return respond(problem);
    }

    @ExceptionHandler(ClickHouseQueryException.class)
    ResponseEntity<ProblemDetail> store(ClickHouseQueryException e) {
        HttpStatus status = e.isTimeout() ? HttpStatus.GATEWAY_TIMEOUT : HttpStatus.SERVICE_UNAVAILABLE;
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
        problem.setTitle("Query failed");
        return respond(problem);
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
