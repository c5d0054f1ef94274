package io.github.mediastreams.signalling.mediaserver;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.kurento.client.KurentoClient;
import org.kurento.client.MediaPipeline;
import org.kurento.client.Tag;
import org.kurento.client.Transaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which pipelines on the media server belong to this application instance, so that none is left there when the
 * instance lost track of it: a pipeline whose creation was cut off by a lost connection, whose answer came too
 * late, whose release never reached the server.
 *
 * <p>
 * Each pipeline gets two tags inside the transaction that creates it: {@value #INSTANCE_TAG} names this
 * application instance, {@value #OWNER_TAG} the start it was made for. A start claims its owner name before it
 * sends anything and gives it up once it has released what it built. {@link #sweep(KurentoClient)} then releases
 * the pipelines tagged with this instance whose owner nobody claims; pipelines of other applications and other
 * instances sharing the media server are never touched. Thread-safe.
 */
public final class PipelineOwnership {

	/** The tag naming the application instance that created a pipeline. */
	public static final String INSTANCE_TAG = "media-streams.instance";

	/** The tag naming the start a pipeline was created for. */
	public static final String OWNER_TAG = "media-streams.owner";

	private static final Logger log = LoggerFactory.getLogger(PipelineOwnership.class);

	private final String instance;

	private final Set<String> claimed = ConcurrentHashMap.newKeySet();

	/** @param instance a name unique to this application instance, such as {@code hello-world/3f2c…} */
	public PipelineOwnership(String instance) {
		this.instance = Objects.requireNonNull(instance, "instance");
	}

	/** @return the name of this application instance, as its pipelines are tagged */
	public String instance() {
		return this.instance;
	}

	/**
	 * Claims an owner name before a start sends anything to the media server: its pipeline is safe from sweeps
	 * until {@link #release(String)}.
	 * @param owner a name unique within this instance, such as the session id and the start's number
	 */
	public void claim(String owner) {
		this.claimed.add(owner);
	}

	/**
	 * Gives an owner name up, once what it built is released or known to be lost; a pipeline still tagged with it
	 * is released by the next sweep.
	 * @param owner a claimed name
	 */
	public void release(String owner) {
		this.claimed.remove(owner);
	}

	/** @return how many starts hold a claim now */
	public int claims() {
		return this.claimed.size();
	}

	/**
	 * Tags a pipeline, in the transaction that creates it.
	 * @param pipeline the pipeline, created in {@code tx}
	 * @param tx the transaction
	 * @param owner the claimed owner name
	 */
	public void tag(MediaPipeline pipeline, Transaction tx, String owner) {
		pipeline.addTag(tx, INSTANCE_TAG, this.instance);
		pipeline.addTag(tx, OWNER_TAG, owner);
	}

	/**
	 * Releases every pipeline on the media server that carries this instance's tag and whose owner nobody claims.
	 * Blocking: one request for the list, one per pipeline for its tags; for a background thread.
	 * @param client a connected client
	 * @return how many pipelines were released
	 */
	public int sweep(KurentoClient client) {
		int released = 0;
		for (MediaPipeline pipeline : client.getServerManager().getPipelines()) {
			try {
				Map<String, String> tags = tags(pipeline.getTags());
				String owner = tags.get(OWNER_TAG);
				if (this.instance.equals(tags.get(INSTANCE_TAG)) && owner != null && !this.claimed.contains(owner)) {
					pipeline.release();
					released++;
					log.info("Released pipeline {} of {}, which no live session holds", pipeline.getId(), owner);
				}
			}
			catch (RuntimeException ex) {
				// Released meanwhile, by its session or by its owner: nothing left to do for it.
				log.debug("Could not release pipeline {}: {}", pipeline.getId(), ex.getMessage());
			}
		}
		return released;
	}

	private static Map<String, String> tags(List<Tag> tags) {
		return tags.stream().collect(Collectors.toMap(Tag::getKey, Tag::getValue, (first, second) -> first));
	}
}
