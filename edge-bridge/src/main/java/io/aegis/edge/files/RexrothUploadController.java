package io.aegis.edge.files;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/files/rexroth}: the body is one Rexroth channel JSON file, {@code station} optionally overrides the
 * configured station. Returns 201 once JetStream has stored the samples and the result, 400 with the field, value and
 * rule for an invalid file, and 503 when storing timed out (repeating the upload is safe).
 */
@RestController
class RexrothUploadController {

    private static final Logger log = LoggerFactory.getLogger(RexrothUploadController.class);

    private final RexrothImporter importer;

    RexrothUploadController(RexrothImporter importer) {
        this.importer = importer;
    }

    @PostMapping(path = "/api/files/rexroth", consumes = MediaType.ALL_VALUE)
    ResponseEntity<?> upload(@RequestBody byte[] body, @RequestParam(name = "station", required = false) String station)
            throws InterruptedException {
        try {
            RexrothImporter.Imported imported = importer.importFile(body, station);
            log.info(
                    "[files] uploaded tightening {} stored for station {} ({} samples)",
                    imported.tighteningId(),
                    imported.stationId(),
                    imported.samples());
            return ResponseEntity.status(HttpStatus.CREATED).body(imported);
        } catch (InvalidFileException e) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
            problem.setTitle("Invalid Rexroth channel file");
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("field", e.field());
            properties.put("value", e.value());
            properties.put("rule", e.rule());
            problem.setProperties(properties);
            return ResponseEntity.badRequest().body(problem);
        } catch (TimeoutException | ExecutionException e) {
            log.warn("[files] upload not stored in time ({}); the client may repeat it", e.toString());
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "JetStream did not store the file's messages in time; repeat the upload (it is idempotent)");
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(problem);
        }
    }
}
