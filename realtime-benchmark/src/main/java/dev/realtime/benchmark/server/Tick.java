package dev.realtime.benchmark.server;

import java.time.Instant;

/**
 * The pushed payload: a send stamp in microseconds since the epoch (wall clock, which client
 * and server share on one machine), a sequence number and padding to the size asked for.
 *
 * @param t when the push was made (at a fixed rate: when it was due), microseconds since the epoch
 * @param seq the push's number in its run
 * @param pad padding
 */
public record Tick(long t, int seq, String pad) {

	/**
	 * Return the wall clock in microseconds since the epoch.
	 * @return the time
	 */
	public static long nowMicros() {
		Instant now = Instant.now();
		return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
	}

	/**
	 * Return padding that makes a tick's JSON about the given size.
	 * @param size the wanted JSON size in bytes
	 * @return the padding
	 */
	public static String padding(int size) {
		// {"t":1764450000000000,"seq":123,"pad":""} is about 42 bytes.
		return "x".repeat(Math.max(0, size - 42));
	}

}
