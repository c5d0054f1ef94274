package io.github.mediastreams.kurento.crowddetector;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.kurento.client.AbstractBuilder;
import org.kurento.client.Continuation;
import org.kurento.client.Filter;
import org.kurento.client.MediaPipeline;
import org.kurento.client.Properties;
import org.kurento.client.TFuture;
import org.kurento.client.Transaction;
import org.kurento.client.internal.RemoteClass;
import org.kurento.client.internal.server.Param;

/**
 * KMS's {@code CrowdDetectorFilter} (module {@code crowddetector} 7.3): measures how full of people
 * ({@link CrowdDetectorOccupancy}) and how freely moving ({@link CrowdDetectorFluidity}) regions of the picture are,
 * and which way they move ({@link CrowdDetectorDirection}).
 *
 * <p>
 * What a generated kurento-client interface would be, as {@code crowddetector.CrowdDetectorFilter.kmd.json} defines
 * the class: kurento-client's proxy sends each method to KMS under its name, with its parameters named by
 * {@link Param}, and {@link AbstractBuilder} asks KMS for the type named after this interface. Subscribe to its
 * events with {@code MediaEvents.subscribe(filter, CrowdDetectorOccupancy.TYPE, …)} (or common-signalling's
 * {@code PipelineContext.on}).
 */
@RemoteClass
public interface CrowdDetectorFilter extends Filter {

	/** @return the width, in pixels, the picture is scaled to for the measures (KMS's default 320) */
	int getProcessingWidth();

	/** @param cont told of the width the picture is scaled to for the measures, or of KMS's refusal */
	void getProcessingWidth(Continuation<Integer> cont);

	/**
	 * @param tx the transaction
	 * @return the width the picture is scaled to for the measures, once the transaction is committed
	 */
	TFuture<Integer> getProcessingWidth(Transaction tx);

	/** @param processingWidth the width, in pixels, the picture is scaled to for the measures */
	void setProcessingWidth(@Param("processingWidth") int processingWidth);

	/**
	 * @param processingWidth the width, in pixels, the picture is scaled to for the measures
	 * @param cont told when KMS has set it, or of its refusal
	 */
	void setProcessingWidth(@Param("processingWidth") int processingWidth, Continuation<Void> cont);

	/**
	 * Sets the processing width when the transaction is committed. The transaction comes first, as in kurento-client's
	 * methods; its generated setters take it last, and 7.3.0 fails on those: it takes the transaction for a value to
	 * send (a NullPointerException).
	 * @param tx the transaction
	 * @param processingWidth the width, in pixels, the picture is scaled to for the measures
	 */
	void setProcessingWidth(Transaction tx, @Param("processingWidth") int processingWidth);

	/** Creates a {@link CrowdDetectorFilter}: {@code build()}, {@code build(transaction)} or {@code buildAsync}. */
	class Builder extends AbstractBuilder<CrowdDetectorFilter> {

		/**
		 * @param mediaPipeline the pipeline the filter belongs to
		 * @param rois the regions of the picture it watches, one or more, with distinct ids
		 * @throws IllegalArgumentException if there is no region, or two share an id
		 */
		public Builder(MediaPipeline mediaPipeline, List<RegionOfInterest> rois) {
			super(CrowdDetectorFilter.class, mediaPipeline);
			Set<String> ids = new HashSet<>();
			for (RegionOfInterest roi : rois) {
				if (!ids.add(roi.id())) {
					throw new IllegalArgumentException("Two regions of interest are named " + roi.id());
				}
			}
			if (ids.isEmpty()) {
				throw new IllegalArgumentException("A crowd detector needs a region of interest or more");
			}
			this.props.add("mediaPipeline", mediaPipeline);
			this.props.add("rois", rois.stream().map(RegionOfInterest::kmsValue).toList());
		}

		@Override
		public Builder withProperties(Properties properties) {
			return (Builder) super.withProperties(properties);
		}

		@Override
		public Builder with(String name, Object value) {
			return (Builder) super.with(name, value);
		}
	}
}
