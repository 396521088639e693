package dev.realtime.benchmark.server;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The control endpoints both servers share: a push loop run on the server (so the payload's
 * send stamp is taken where a real application would push), the heap after a full GC, and a
 * tiny route for the route-call scenario.
 */
@RestController
public class BenchController {

	private final Pusher pusher;

	private final WebServerApplicationContext context;

	public BenchController(Pusher pusher, WebServerApplicationContext context) {
		this.pusher = pusher;
		this.context = context;
	}

	/**
	 * Push {@code count} ticks, round robin over the channels, as fast as the server accepts
	 * them ({@code rate} 0) or at {@code rate} pushes per second; answers when all are pushed.
	 */
	@PostMapping("/bench/push")
	public Map<String, Object> push(@RequestParam String channels, @RequestParam(defaultValue = "0") int own,
			@RequestParam int count, @RequestParam(defaultValue = "0") double rate,
			@RequestParam(defaultValue = "128") int size) {
		List<String> targets = new ArrayList<>();
		for (int i = 0; i < own; i++) {
			targets.add("own-" + i);
		}
		for (String channel : channels.split(",")) {
			if (!channel.isBlank()) {
				targets.add(channel);
			}
		}
		String pad = Tick.padding(size);
		// The wall clock first: the schedule then never runs ahead of it.
		long startMicros = Tick.nowMicros();
		long start = System.nanoTime();
		long interval = (rate > 0) ? (long) (1_000_000_000L / rate) : 0;
		for (int i = 0; i < count; i++) {
			long stamp;
			if (interval > 0) {
				long due = start + i * interval;
				long wait;
				while ((wait = due - System.nanoTime()) > 0) {
					LockSupport.parkNanos(wait);
				}
				// At a fixed rate a push is stamped with the time it was due: when the system's
				// push holds up this loop, the pushes behind it wait, and that is latency too.
				// Never later than now, though: the two clocks were read a moment apart (the first
				// read of the wall clock can take a millisecond), and a stamp from the future
				// would make a fast delivery arrive before it was sent.
				stamp = Math.min(startMicros + i * interval / 1000, Tick.nowMicros());
			}
			else {
				stamp = Tick.nowMicros();
			}
			this.pusher.push(new Tick(stamp, i, pad), targets.get(i % targets.size()));
		}
		return Map.of("pushes", count, "micros", (System.nanoTime() - start) / 1000);
	}

	/** The used heap after two full GCs, in bytes. */
	@GetMapping("/bench/heap")
	public long heapAfterGc() throws InterruptedException {
		System.gc();
		Thread.sleep(100);
		System.gc();
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	/** The class of the web server, which the runner checks against the system's kind. */
	@GetMapping("/bench/server")
	public String server() {
		return this.context.getWebServer().getClass().getName();
	}

	/** The route called over HTTP and over the socket. */
	@GetMapping("/bench/echo")
	public String echo(@RequestParam(defaultValue = "") String q) {
		return "echo:" + q;
	}

}
