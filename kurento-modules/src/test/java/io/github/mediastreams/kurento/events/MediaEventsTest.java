package io.github.mediastreams.kurento.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.kurento.client.ListenerSubscription;
import org.kurento.client.Transaction;
import org.kurento.client.TransactionNotCommitedException;

import io.github.mediastreams.kurento.OnTheKmsDouble;
import io.github.mediastreams.kurento.crowddetector.CrowdDetectorDirection;
import io.github.mediastreams.kurento.crowddetector.CrowdDetectorFilter;
import io.github.mediastreams.kurento.crowddetector.CrowdDetectorFluidity;
import io.github.mediastreams.kurento.crowddetector.CrowdDetectorOccupancy;
import io.github.mediastreams.kurento.crowddetector.RegionOfInterest;
import io.github.mediastreams.kurento.platedetector.PlateDetected;
import io.github.mediastreams.kurento.platedetector.PlateDetectorFilter;

/**
 * Events fired by the KMS double reach the typed and plain listeners of the real kurento-client, over a real
 * WebSocket; in particular those of filters created in a transaction, which kurento-client 7.3.0 alone drops.
 */
class MediaEventsTest extends OnTheKmsDouble {

	@Test
	void aPlateDetectorCreatedInATransactionHasItsPlatesHeard() throws Exception {
		Transaction tx = this.kurento.beginTransaction();
		PlateDetectorFilter filter = new PlateDetectorFilter.Builder(this.pipeline).build(tx);
		tx.commit();
		BlockingQueue<PlateDetected> plates = new LinkedBlockingQueue<>();
		MediaEvents.subscribe(filter, PlateDetected.TYPE, plates::add).join();
		Instant before = Instant.now().minusMillis(1);

		assertThat(kms.firePlateDetected(filter.getId(), "--2748DKR")).isEqualTo(1);

		PlateDetected plate = plates.poll(WAIT_SECONDS, TimeUnit.SECONDS);
		assertThat(plate).as("the event kurento-client 7.3.0 drops without the mend").isNotNull();
		assertThat(plate.plate()).isEqualTo("--2748DKR");
		assertThat(plate.source()).isEqualTo(filter.getId());
		assertThat(plate.seenAt()).isBetween(before, Instant.now());
	}

	@Test
	void aPlateDetectorCreatedOutsideATransactionHasItsPlatesHeardToo() throws Exception {
		PlateDetectorFilter filter = new PlateDetectorFilter.Builder(this.pipeline).build();
		BlockingQueue<PlateDetected> plates = new LinkedBlockingQueue<>();
		MediaEvents.subscribe(filter, PlateDetected.TYPE, plates::add).join();

		kms.firePlateDetected(filter.getId(), "--8415FPV");

		assertThat(plates.poll(WAIT_SECONDS, TimeUnit.SECONDS)).extracting(PlateDetected::plate)
			.isEqualTo("--8415FPV");
	}

	@Test
	void aCrowdDetectorCreatedInATransactionHasEachOfItsEventsHeard() throws Exception {
		Transaction tx = this.kurento.beginTransaction();
		CrowdDetectorFilter filter = new CrowdDetectorFilter.Builder(this.pipeline,
				List.of(RegionOfInterest.of("roi0", List.of(0, 0, 1, 0, 1, 1)))).build(tx);
		tx.commit();
		BlockingQueue<Object> events = new LinkedBlockingQueue<>();
		MediaEvents.subscribe(filter, CrowdDetectorOccupancy.TYPE, events::add).join();
		MediaEvents.subscribe(filter, CrowdDetectorFluidity.TYPE, events::add).join();
		MediaEvents.subscribe(filter, CrowdDetectorDirection.TYPE, events::add).join();

		kms.fireCrowdOccupancy(filter.getId(), "roi0", 11.88259506225586, 1);
		kms.fireCrowdFluidity(filter.getId(), "roi0", 29, 2); // Sent as 29, as jsoncpp writes a whole float.
		kms.fireCrowdDirection(filter.getId(), "roi0", 90);

		List<Object> heard = List.of(next(events), next(events), next(events));
		assertThat(heard).hasOnlyElementsOfTypes(CrowdDetectorOccupancy.class, CrowdDetectorFluidity.class,
				CrowdDetectorDirection.class);
		CrowdDetectorOccupancy occupancy = only(heard, CrowdDetectorOccupancy.class);
		assertThat(occupancy.roiId()).isEqualTo("roi0");
		assertThat(occupancy.occupancyPercentage()).isEqualTo(11.88259506225586);
		assertThat(occupancy.occupancyLevel()).isEqualTo(1);
		assertThat(occupancy.source()).isEqualTo(filter.getId());
		CrowdDetectorFluidity fluidity = only(heard, CrowdDetectorFluidity.class);
		assertThat(fluidity.fluidityPercentage()).isEqualTo(29.0);
		assertThat(fluidity.fluidityLevel()).isEqualTo(2);
		assertThat(only(heard, CrowdDetectorDirection.class).directionAngle()).isEqualTo(90.0);
	}

	@Test
	void anyEventTypeCanBeHeardAsPlainDataAsKmsSentIt() throws Exception {
		PlateDetectorFilter filter = new PlateDetectorFilter.Builder(this.pipeline).build();
		BlockingQueue<Map<String, Object>> events = new LinkedBlockingQueue<>();
		MediaEvents.subscribe(filter, "PlateDetected", events::add).join();

		kms.firePlateDetected(filter.getId(), "--2748DKR");

		Map<String, Object> data = events.poll(WAIT_SECONDS, TimeUnit.SECONDS);
		assertThat(data).containsOnlyKeys("plate", "type", "source", "tags", "timestampMillis")
			.containsEntry("plate", "--2748DKR")
			.containsEntry("type", "plate-detected")
			.containsEntry("source", filter.getId())
			.containsEntry("tags", List.of());
		assertThat(data.get("timestampMillis")).asString().containsOnlyDigits();
	}

	@Test
	void anEventKmsWouldNotSendIsDroppedAndTheNextIsHeard() throws Exception {
		PlateDetectorFilter filter = new PlateDetectorFilter.Builder(this.pipeline).build();
		BlockingQueue<PlateDetected> plates = new LinkedBlockingQueue<>();
		BlockingQueue<Map<String, Object>> raw = new LinkedBlockingQueue<>();
		// kurento-client calls an object's listeners in turn: once the second has the event, the first had it.
		MediaEvents.subscribe(filter, PlateDetected.TYPE, plates::add).join();
		MediaEvents.subscribe(filter, "PlateDetected", raw::add).join();

		kms.fireEvent(filter.getId(), "PlateDetected", Map.of("type", "plate-detected"));
		assertThat(raw.poll(WAIT_SECONDS, TimeUnit.SECONDS)).doesNotContainKey("plate");
		assertThat(plates).isEmpty();

		kms.firePlateDetected(filter.getId(), "--2748DKR");
		assertThat(plates.poll(WAIT_SECONDS, TimeUnit.SECONDS)).extracting(PlateDetected::plate)
			.isEqualTo("--2748DKR");
	}

	@Test
	void aSubscriptionKmsRefusesFails() {
		PlateDetectorFilter filter = new PlateDetectorFilter.Builder(this.pipeline).build();

		assertThatThrownBy(() -> MediaEvents.subscribe(filter, CrowdDetectorOccupancy.TYPE, (event) -> {
		}).join()).isInstanceOf(CompletionException.class).hasMessageContaining("not supported");
	}

	@Test
	void anElementCanBeSubscribedToOnlyOnceItsTransactionIsCommitted() {
		Transaction tx = this.kurento.beginTransaction();
		PlateDetectorFilter filter = new PlateDetectorFilter.Builder(this.pipeline).build(tx);

		assertThatThrownBy(() -> MediaEvents.subscribe(filter, PlateDetected.TYPE, (plate) -> {
		})).isInstanceOf(TransactionNotCommitedException.class);
	}

	@Test
	void anEndedSubscriptionHearsNoMore() {
		PlateDetectorFilter filter = new PlateDetectorFilter.Builder(this.pipeline).build();
		BlockingQueue<PlateDetected> plates = new LinkedBlockingQueue<>();
		ListenerSubscription subscription = MediaEvents.subscribe(filter, PlateDetected.TYPE, plates::add).join();

		MediaEvents.unsubscribe(filter, subscription).join();

		assertThat(kms.requests("unsubscribe")).singleElement()
			.satisfies((request) -> assertThat(request.params()).containsEntry("subscription",
					subscription.getSubscriptionId()));
		assertThat(kms.firePlateDetected(filter.getId(), "--2748DKR")).as("subscriptions KMS sends it to").isZero();
		assertThat(plates).isEmpty();
	}

	private static Object next(BlockingQueue<Object> events) throws InterruptedException {
		Object event = events.poll(WAIT_SECONDS, TimeUnit.SECONDS);
		assertThat(event).as("an event within %d s", WAIT_SECONDS).isNotNull();
		return event;
	}

	private static <T> T only(List<Object> events, Class<T> type) {
		List<T> matching = events.stream().filter(type::isInstance).map(type::cast).toList();
		assertThat(matching).hasSize(1);
		return matching.get(0);
	}
}
