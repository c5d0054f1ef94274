package io.github.mediastreams.kurento.platedetector;

import org.kurento.client.AbstractBuilder;
import org.kurento.client.Continuation;
import org.kurento.client.Filter;
import org.kurento.client.MediaPipeline;
import org.kurento.client.Properties;
import org.kurento.client.Transaction;
import org.kurento.client.internal.RemoteClass;
import org.kurento.client.internal.server.Param;

/**
 * KMS's {@code PlateDetectorFilter} (module {@code platedetector} 7.3): reads vehicle registration plates in the
 * video that goes through it and raises a {@link PlateDetected} event for each plate read.
 *
 * <p>
 * What a generated kurento-client interface would be, as {@code platedetector.PlateDetectorFilter.kmd.json} defines
 * the class: kurento-client's proxy sends each method to KMS under its name, with its parameters named by
 * {@link Param}, and {@link AbstractBuilder} asks KMS for the type named after this interface. Subscribe to its
 * events with {@code MediaEvents.subscribe(filter, PlateDetected.TYPE, …)} (or common-signalling's
 * {@code PipelineContext.on}).
 */
@RemoteClass
public interface PlateDetectorFilter extends Filter {

	/**
	 * Sets the average width of the plates in the picture, as a fraction of the picture's width.
	 * @param plateWidthPercentage from 0 to 1
	 */
	void setPlateWidthPercentage(@Param("plateWidthPercentage") float plateWidthPercentage);

	/**
	 * Sets the average width of the plates in the picture without blocking.
	 * @param plateWidthPercentage from 0 to 1
	 * @param cont told when KMS has set it, or of its refusal
	 */
	void setPlateWidthPercentage(@Param("plateWidthPercentage") float plateWidthPercentage, Continuation<Void> cont);

	/**
	 * Sets the average width of the plates in the picture when the transaction is committed.
	 * @param tx the transaction
	 * @param plateWidthPercentage from 0 to 1
	 */
	void setPlateWidthPercentage(Transaction tx, @Param("plateWidthPercentage") float plateWidthPercentage);

	/** Creates a {@link PlateDetectorFilter}: {@code build()}, {@code build(transaction)} or {@code buildAsync}. */
	class Builder extends AbstractBuilder<PlateDetectorFilter> {

		/** @param mediaPipeline the pipeline the filter belongs to */
		public Builder(MediaPipeline mediaPipeline) {
			super(PlateDetectorFilter.class, mediaPipeline);
			this.props.add("mediaPipeline", mediaPipeline);
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
