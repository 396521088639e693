package dev.realtime.benchmark;

/**
 * The sizes of a run: {@link #FULL} is the issue's, {@link #SMOKE} runs every scenario in a few
 * seconds so the benchmark cannot rot.
 *
 * @param rounds interleaved rounds of both systems
 * @param idleSockets sockets in (a)
 * @param subscribers subscribers in (b), (c), (d), (f)
 * @param fanOutPushes pushes in (b)
 * @param warmUpPushes pushes before (b), not measured
 * @param rates pushes per second in (c)
 * @param rateSeconds how long each rate of (c) runs
 * @param manyChannelRounds pushes to every channel in (d)
 * @param callConnections sockets (and HTTP connections) calling in (e)
 * @param callSeconds how long each caller of (e) runs
 * @param warmUpPasses most warm-up passes before (c) and of each path in (e), until the JIT settles
 * @param stallRate pushes per second in (f)
 * @param stallSeconds how long (f) runs with the stalled client, and as long without, in pairs of 5 s
 * segments
 * @param closeWaitSeconds how long to wait for the stalled client to be closed
 */
record Scale(int rounds, int idleSockets, int subscribers, int fanOutPushes, int warmUpPushes, int[] rates,
		int rateSeconds, int manyChannelRounds, int callConnections, int callSeconds, int warmUpPasses, int stallRate,
		int stallSeconds, int closeWaitSeconds) {

	static final Scale FULL = new Scale(3, 10_000, 2_000, 500, 200, new int[] { 10, 50 }, 15, 25, 64, 5, 8, 10, 50, 15);

	static final Scale SMOKE = new Scale(1, 20, 10, 5, 5, new int[] { 10, 50 }, 1, 2, 2, 1, 1, 20, 1, 0);

}
