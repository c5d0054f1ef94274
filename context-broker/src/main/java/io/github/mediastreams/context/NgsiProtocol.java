package io.github.mediastreams.context;

import org.springframework.http.MediaType;

/** Paths, media type, tenant header and status codes that differ between NGSI-v2 and NGSI-LD. */
enum NgsiProtocol {

    /** Orion's NGSI-v2: a create of an existing entity answers 422, an update of missing attributes 422. */
    V2("/v2/entities", MediaType.APPLICATION_JSON, "Fiware-Service", true, 422, "/version"),

    /** NGSI-LD: a create of an existing entity answers 409, an update of missing attributes 207. */
    LD("/ngsi-ld/v1/entities", new MediaType("application", "ld+json"), "NGSILD-Tenant", false, 409, "/ngsi-ld/v1/types");

    private final String entitiesPath;
    private final MediaType mediaType;
    private final String tenantHeader;
    private final boolean servicePaths;
    private final int alreadyExistsStatus;
    private final String healthPath;

    NgsiProtocol(String entitiesPath, MediaType mediaType, String tenantHeader, boolean servicePaths,
            int alreadyExistsStatus, String healthPath) {
        this.entitiesPath = entitiesPath;
        this.mediaType = mediaType;
        this.tenantHeader = tenantHeader;
        this.servicePaths = servicePaths;
        this.alreadyExistsStatus = alreadyExistsStatus;
        this.healthPath = healthPath;
    }

    static NgsiProtocol of(ContextBrokerProperties.Api api) {
        return api == ContextBrokerProperties.Api.NGSI_LD ? LD : V2;
    }

    /** {@code POST} here creates an entity. */
    String entitiesPath() {
        return entitiesPath;
    }

    /** URI template of an entity's attributes: {@code PATCH} updates them, {@code POST} appends or overwrites them. */
    String attributesTemplate() {
        return entitiesPath + "/{id}/attrs";
    }

    MediaType mediaType() {
        return mediaType;
    }

    String tenantHeader() {
        return tenantHeader;
    }

    /** Whether the API knows {@code Fiware-ServicePath}. */
    boolean hasServicePaths() {
        return servicePaths;
    }

    /** A cheap read that any working broker answers with 200. */
    String healthPath() {
        return healthPath;
    }

    /** 2xx, except NGSI-LD's 207 Multi-Status, which reports that some attributes were not updated. */
    boolean succeeded(int status) {
        return status >= 200 && status < 300 && !(this == LD && status == 207);
    }

    /** The answer to a create of an entity that exists already. */
    boolean alreadyExists(int status) {
        return status == alreadyExistsStatus;
    }

    /** The answer to an update of attributes the entity does not have yet. */
    boolean attributesMissing(int status) {
        return this == V2 ? status == 422 : status == 207;
    }
}
