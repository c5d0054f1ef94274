package io.github.mediastreams.context;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides which entity each detection updates and with which attributes, after the Smart Data Models.
 *
 * <ul>
 *   <li>A plate updates the camera entity (type {@code Camera}, dataModel.Device) with the attributes
 *       of an {@code AnprFlowObserved} observation (dataModel.Transportation): {@code observedVehicle}
 *       = {@code {"licensePlate": {"identifier": "2748DKR"}}} and {@code dateObserved}. No entity per
 *       detection: the broker holds current state, history comes from subscriptions (QuantumLeap,
 *       Cygnus, Mintaka), and one entity per passing car would grow the broker without bound.</li>
 *   <li>Crowd events update one {@code CrowdFlowObserved} entity per region of interest, id
 *       {@code urn:ngsi-ld:CrowdFlowObserved:<camera local id>:<roi id>}, linked to the camera by
 *       {@code refDevice}. Per region, because a camera may watch several and one entity cannot hold
 *       several {@code occupancy} values. {@code occupancy} is the model's fraction (0 to 1, four
 *       decimals); {@code occupancyLevel}, {@code fluidity} (0 to 1) and {@code fluidityLevel} carry the
 *       rest of what KMS reports, which the model has no attribute for.</li>
 * </ul>
 */
final class ContextEntities {

    static final String CAMERA_TYPE = "Camera";
    static final String CROWD_TYPE = "CrowdFlowObserved";
    /** Camera model's {@code cameraUsage} for plate reading. */
    static final String ANPR_USAGE = "ANPR/LPR";

    private final ContextBrokerProperties.Camera camera;

    ContextEntities(ContextBrokerProperties.Camera camera) {
        this.camera = Objects.requireNonNull(camera, "camera");
    }

    /**
     * The camera update for a plate, or nothing when the detector read no character at all.
     */
    Optional<ContextUpdate> plate(Plate plate, Instant observedAt) {
        String identifier = plate.normalized();
        if (identifier.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Attribute> observed = new LinkedHashMap<>();
        observed.put("observedVehicle",
                new Attribute.Structured(Map.of("licensePlate", Map.of("identifier", identifier))));
        observed.put("dateObserved", new Attribute.DateTime(observedAt));
        Map<String, Attribute> descriptive = new LinkedHashMap<>();
        descriptive.put("cameraName", new Attribute.Text(camera.name()));
        descriptive.put("cameraUsage", new Attribute.Text(ANPR_USAGE));
        return Optional.of(new ContextUpdate(UpdateKind.PLATE, camera.id(), CAMERA_TYPE, observed, descriptive, observedAt));
    }

    ContextUpdate occupancy(String roiId, double percentage, int level, Instant observedAt) {
        Map<String, Attribute> observed = new LinkedHashMap<>();
        observed.put("occupancy", new Attribute.Numeric(fraction(percentage)));
        observed.put("occupancyLevel", new Attribute.Numeric(level));
        observed.put("dateObserved", new Attribute.DateTime(observedAt));
        return crowd(roiId, observed, observedAt);
    }

    ContextUpdate fluidity(String roiId, double percentage, int level, Instant observedAt) {
        Map<String, Attribute> observed = new LinkedHashMap<>();
        observed.put("fluidity", new Attribute.Numeric(fraction(percentage)));
        observed.put("fluidityLevel", new Attribute.Numeric(level));
        observed.put("dateObserved", new Attribute.DateTime(observedAt));
        return crowd(roiId, observed, observedAt);
    }

    /** The id of the crowd observation entity of a region of interest of this camera. */
    String crowdEntityId(String roiId) {
        return "urn:ngsi-ld:" + CROWD_TYPE + ":" + camera.localId() + ":" + safeIdPart(roiId);
    }

    private ContextUpdate crowd(String roiId, Map<String, Attribute> observed, Instant observedAt) {
        Objects.requireNonNull(roiId, "roiId");
        Map<String, Attribute> descriptive = Map.of("refDevice", new Attribute.Relationship(camera.id()));
        return new ContextUpdate(UpdateKind.CROWD, crowdEntityId(roiId), CROWD_TYPE, observed, descriptive, observedAt);
    }

    /** KMS gives 0-100; the model's {@code occupancy} is 0-1. Four decimals keep 0.01 % and no float noise. */
    private static double fraction(double percentage) {
        if (Double.isNaN(percentage) || Double.isInfinite(percentage)) {
            throw new IllegalArgumentException("percentage must be a finite number, was " + percentage);
        }
        double clamped = Math.max(0, Math.min(100, percentage));
        return Math.round(clamped * 100) / 10_000.0;
    }

    /** ROI ids are free text in KMS; keep only characters valid in an NGSI id and a URL path. */
    private static String safeIdPart(String roiId) {
        String safe = roiId.strip().replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.isEmpty() ? "roi" : safe;
    }
}
