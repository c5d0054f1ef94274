package io.github.mediastreams.signalling.session;

import org.kurento.client.WebRtcEndpoint;

/**
 * What an application adds to a media session: its media elements, their connections and the events it listens
 * to. This is the one thing a Kurento application writes; the library does the signalling, the trickle ICE, the
 * negotiation and the release.
 *
 * <p>
 * Build every element inside {@link PipelineContext#transaction()}, in {@link PipelineContext#pipeline()}: the
 * library sends them to the media server together with the SDP negotiation, in one round trip, and releases the
 * pipeline (and so every element) when the session ends by any path. For example, a loopback:
 *
 * <pre>{@code
 * WebRtcEndpoint build(PipelineContext context) {
 *     WebRtcEndpoint endpoint = new WebRtcEndpoint.Builder(context.pipeline()).build(context.transaction());
 *     endpoint.connect(context.transaction(), endpoint);
 *     return endpoint;
 * }
 * }</pre>
 */
@FunctionalInterface
public interface SessionPipeline {

	/**
	 * Adds this application's elements for one session.
	 * @param context the session's pipeline, transaction and event plumbing
	 * @return the endpoint that talks WebRTC with the browser, created in the context's transaction
	 */
	WebRtcEndpoint build(PipelineContext context);
}
