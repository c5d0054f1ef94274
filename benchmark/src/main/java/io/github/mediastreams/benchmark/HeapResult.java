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
 * @param topClasses the classes that grew most per idle connection
 * @param topClassesPerStart the classes that grew most per first start
 */
record HeapResult(int idle, long baselineBytes, long withIdleBytes, int started, long withStartedBytes,
		List<ClassShare> topClasses, List<ClassShare> topClassesPerStart) {

	/** @return heap bytes per idle session: an open signalling connection that has sent nothing */
	double bytesPerIdleSession() {
		return (double) (this.withIdleBytes - this.baselineBytes) / this.idle;
	}

	/** @return heap bytes a start adds to an idle session: its media, and whatever its first message grows */
	double bytesPerFirstStart() {
		return this.started == 0 ? Double.NaN : (double) (this.withStartedBytes - this.withIdleBytes) / this.started;
	}

	/**
	 * @param className a class
	 * @param bytesPerConnection how many bytes of it a connection (or a start) added
	 * @param instancesPerConnection how many instances of it a connection (or a start) added
	 */
	record ClassShare(String className, double bytesPerConnection, double instancesPerConnection) {
	}
}
