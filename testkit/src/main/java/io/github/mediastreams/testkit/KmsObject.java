package io.github.mediastreams.testkit;

import java.util.List;
import java.util.Map;

/**
 * A snapshot of one live media object, for tests to inspect what their application asked KMS
 * to build. Taken when {@link KmsDouble#object(String)} is called; later requests do not change
 * it.
 *
 * @param id the KMS id, e.g. {@code <pipelineId>/<uuid>_kurento.WebRtcEndpoint}
 * @param type the class name, e.g. {@code WebRtcEndpoint}
 * @param qualifiedType module and class, e.g. {@code platedetector.PlateDetectorFilter}
 * @param parentId the pipeline of an element; null for a pipeline
 * @param name the name set with {@code setName}, else the id (as KMS reports it)
 * @param constructorParams the {@code constructorParams} of the {@code create}
 * @param sinkIds the elements this one was connected to, in connection order
 * @param sourceIds the elements connected to this one, in connection order
 * @param iceCandidates the remote candidates received with {@code addIceCandidate}, in order
 * @param overlayedImage the last {@code setOverlayedImage} parameters, null if none is set
 * @param remoteSessionDescriptor the SDP offer (or answer) received, null before negotiation
 * @param localSessionDescriptor the SDP the double answered (or offered), null before
 * @param tags the tags set with {@code addTag}
 * @param properties the values set through {@code setX} operations other than {@code setName}
 */
public record KmsObject(String id, String type, String qualifiedType, String parentId,
    String name, Map<String, Object> constructorParams, List<String> sinkIds,
    List<String> sourceIds, List<ReceivedIceCandidate> iceCandidates,
    Map<String, Object> overlayedImage, String remoteSessionDescriptor,
    String localSessionDescriptor, Map<String, String> tags, Map<String, Object> properties) {

  static KmsObject of(MediaObjectState state) {
    return new KmsObject(state.id(), state.type(), state.qualifiedType(), state.parentId(),
        state.name(), state.constructorParams(), state.sinks(), state.sources(),
        state.iceCandidates(), state.overlayedImage(), state.remoteSdp(), state.localSdp(),
        state.tags(), state.propertyValues());
  }
}
