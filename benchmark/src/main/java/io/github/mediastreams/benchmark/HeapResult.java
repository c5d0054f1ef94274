package io.github.mediastreams.benchmark;

import java.util.List;

/**
 * The app's heap figures, each read after a full collection.
 *
 * @param idle how many idle connections were open
 * @param baselineBytes heap in use with no connection
 * @param withIdleBytes with the idle connections open
 * @param started how many of them were then started
 * @param withStartedBytes once they were started
 * @param withStoppedBytes once they were stopped and their media released
 * @param withRestartedBytes once they were started a second time
 * @param topClasses the classes that grew most per idle connection
 * @param topClassesPerStart the classes that grew most per first start
 */
record HeapResult(int idle, long baselineBytes, long withIdleBytes, int started, long withStartedBytes,
		long withStoppedBytes, long withRestartedBytes, List<ClassShare> topClasses,
		List<ClassShare> topClassesPerStart) {

	/** @return heap bytes per idle session: an open signalling connection that has sent nothing */
	double bytesPerIdleSession() {
		return (double) (this.withIdleBytes - this.baselineBytes) / this.idle;
	}

	/** @return heap bytes the first start on a connection adds: its media, and whatever its first message grows */
	double bytesPerFirstStart() {
		return this.started == 0 ? Double.NaN : (double) (this.withStartedBytes - this.withIdleBytes) / this.started;
	}

	/** @return heap bytes a start adds on a connection that has started before: the media session alone */
	double bytesPerRestart() {
		return this.started == 0 ? Double.NaN
				: (double) (this.withRestartedBytes - this.withStoppedBytes) / this.started;
	}

	/** @return heap bytes a connection keeps after its first session stopped */
	double bytesKeptAfterStop() {
		return this.started == 0 ? Double.NaN : (double) (this.withStoppedBytes - this.withIdleBytes) / this.started;
	}

	/**
	 * @param className a class
	 * @param bytesPerConnection how many bytes of it a connection (or a start) added
	 * @param instancesPerConnection how many instances of it a connection (or a start) added
	 */
	record ClassShare(String className, double bytesPerConnection, double instancesPerConnection) {
	}
}
