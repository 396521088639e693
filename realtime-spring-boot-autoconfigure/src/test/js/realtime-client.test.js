// The browser client's reconnect logic, run by Node's test runner (ClientScriptTests runs it in
// the test phase). What it checks depends on when timers fire relative to sockets dropping and
// opening, which a real browser and network cannot be made to do on cue; so the script runs
// here as served, against a clock and WebSockets that the test moves by hand.
'use strict';

const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');

const served = fs.readFileSync(process.env.REALTIME_JS, 'utf8');
const settings = { socketPath: '/', connectionEndpoint: '/realtime/connection', resumeWindow: 30000, contextPath: '' };
// The script as ClientScriptEndpoint serves it, with the server's settings written into it.
const render = (changed) => served.replace('/*server settings*/{}', JSON.stringify(Object.assign({}, settings, changed)));
const script = render({});
// Where a page at http://localhost:8080/ asks for a fresh id.
const connectionEndpointUrl = 'http://localhost:8080/realtime/connection';

// A page: one copy of the script with its own clock, timers, sockets and fetch.
function page(options) {
	let now = 0;
	let timers = [];
	let nextTimer = 0;
	const sockets = [];
	const fetches = [];
	const schedule = (fn, ms, every) => {
		const timer = { id: ++nextTimer, at: now + ms, fn, every };
		timers.push(timer);
		return timer.id;
	};
	const clear = (id) => { timers = timers.filter((timer) => timer.id !== id); };
	class FakeWebSocket {
		constructor(url) {
			this.url = url;
			this.sent = [];
			this.closedWith = null;
			sockets.push(this);
		}
		send(text) { this.sent.push(JSON.parse(text)); }
		close(code) { this.drop(code); }
		drop(code) {
			if (this.closedWith === null) {
				this.closedWith = code;
				this.onclose({ code, reason: '' });
			}
		}
	}
	// The browser's own events, as EventTargets hold them: the page fires them with dispatch.
	const eventTarget = (target) => {
		const listeners = [];
		target.addEventListener = (type, listener) => listeners.push({ type, listener });
		target.removeEventListener = (type, listener) => {
			const index = listeners.findIndex((held) => held.type === type && held.listener === listener);
			if (index >= 0) {
				listeners.splice(index, 1);
			}
		};
		target.listenerCount = () => listeners.length;
		target.dispatch = (type, init) => listeners.filter((held) => held.type === type)
			.forEach((held) => held.listener(Object.assign({ type }, init)));
		return target;
	};
	const window = eventTarget({
		location: options.location || { protocol: 'http:', hostname: 'localhost', port: '8080' },
		setTimeout: (fn, ms) => schedule(fn, ms),
		setInterval: (fn, ms) => schedule(fn, ms, ms),
		clearTimeout: clear,
		clearInterval: clear
	});
	// The page's <body>: a page swapped in without a full load (htmx's boost, Turbo Drive) changes
	// its connectionId.
	const body = {
		connectionId: 'a'.repeat(64),
		getAttribute(name) { return (name === 'data-socket-connection-id') ? this.connectionId : null; }
	};
	const document = eventTarget({ body, visibilityState: 'visible' });
	const fakeDate = { now: () => now };
	const fetch = (url, init) => {
		fetches.push(url);
		return Promise.resolve(options.connectionEndpoint(init || {}));
	};
	new Function('window', 'document', 'WebSocket', 'Date', 'fetch', render(options.settings))(window, document, FakeWebSocket,
		fakeDate, fetch);
	const client = window.Realtime.connect(options.connect);
	return {
		client,
		realtime: window.Realtime,
		sockets,
		fetches,
		window,
		document,
		// The page goes to a background tab or a sleeping laptop, and comes back.
		hide() {
			document.visibilityState = 'hidden';
			document.dispatch('visibilitychange');
		},
		show() {
			document.visibilityState = 'visible';
			document.dispatch('visibilitychange');
		},
		// The page is left for another and kept in the back/forward cache, and is restored from it
		// by a history navigation: its timers stand still meanwhile, as a sleeping laptop's.
		leaveForCache() {
			window.dispatch('pagehide', { persisted: true });
			document.visibilityState = 'hidden';
			document.dispatch('visibilitychange');
		},
		restoreFromCache() {
			document.visibilityState = 'visible';
			document.dispatch('visibilitychange');
			window.dispatch('pageshow', { persisted: true });
		},
		// A laptop sleeping: the clock moves on while no timer runs, and each resumes with what it
		// had left to wait, as a browser's timers do after a sleep.
		sleep(ms) {
			now += ms;
			timers.forEach((timer) => { timer.at += ms; });
		},
		// Moves the clock, firing the timers due, and lets promises settle after each.
		async advance(ms) {
			const end = now + ms;
			for (;;) {
				timers.sort((a, b) => a.at - b.at);
				const timer = timers[0];
				if (!timer || timer.at > end) {
					break;
				}
				now = timer.at;
				if (timer.every) {
					timer.at += timer.every;
				}
				else {
					timers.shift();
				}
				timer.fn();
				await new Promise((resolve) => setImmediate(resolve));
			}
			now = end;
			await new Promise((resolve) => setImmediate(resolve));
		}
	};
}

const refused = () => ({ ok: false, status: 403, json: () => Promise.resolve({}) });

test('an unanswered ping closes its socket so that the client reconnects', async () => {
	const browser = page({ connectionEndpoint: refused });
	browser.sockets[0].onopen();
	await browser.advance(20000 + 10000);
	assert.strictEqual(browser.sockets[0].closedWith, 4000);
	await browser.advance(1000);
	assert.strictEqual(browser.sockets.length, 2);
});

test('the timeout of a ping sent on a socket that dropped leaves the next socket open', async () => {
	const browser = page({ connectionEndpoint: refused });
	const first = browser.sockets[0];
	first.onopen();
	await browser.advance(20000);
	assert.ok(first.sent.some((message) => message.action === 'ping'));
	await browser.advance(1000);
	first.drop(1006);
	await browser.advance(1000);
	const second = browser.sockets[1];
	second.onopen();
	await browser.advance(9000);
	assert.strictEqual(second.closedWith, null, 'the next socket was closed by the old ping\'s timeout');
	assert.strictEqual(browser.sockets.length, 2);
});

test('a socket whose session ended asks for a fresh id at once and connects with it', async () => {
	const browser = page({
		connectionEndpoint: () => ({ ok: true, status: 200, json: () => Promise.resolve({ connection_id: 'b'.repeat(64) }) })
	});
	const renewed = [];
	browser.client.addEventListener('renewed', (event) => renewed.push(event.connectionId));
	browser.sockets[0].onopen();
	browser.sockets[0].drop(1008);
	await browser.advance(1000);
	assert.deepStrictEqual(browser.fetches, [connectionEndpointUrl]);
	assert.strictEqual(browser.sockets.length, 2);
	assert.ok(browser.sockets[1].url.endsWith('socket_connection_id=' + 'b'.repeat(64)));
	browser.sockets[1].onopen();
	assert.deepStrictEqual(renewed, ['b'.repeat(64)]);
	assert.strictEqual(browser.client.state, 'open');
});

// A page whose socket's session ended, and whose request for a fresh id the connection endpoint
// answers as given: the page asks once, opens no other socket, and its client stays closed.
async function assertStaysClosedAfterItsSessionEnded(connectionEndpoint, message) {
	const browser = page({ connectionEndpoint });
	browser.sockets[0].onopen();
	browser.sockets[0].drop(1008);
	await browser.advance(10 * 60 * 1000);
	assert.deepStrictEqual(browser.fetches, [connectionEndpointUrl], message);
	assert.strictEqual(browser.sockets.length, 1, message);
	assert.strictEqual(browser.client.state, 'closed', message);
}

test('a socket whose session ended stays closed when the server has no id to give', async () => {
	await assertStaysClosedAfterItsSessionEnded(refused);
});

test('a socket whose session ended stays closed when a login stands between it and a fresh id', async () => {
	// Spring Security answers a request that is no longer authenticated with 401, or with a
	// redirect to its login page, which fetch follows to an HTML page.
	const answers = {
		unauthorized: () => ({ ok: false, status: 401, redirected: false, json: () => Promise.reject(new SyntaxError('not JSON')) }),
		redirectedToLogin: () => ({ ok: true, status: 200, redirected: true, json: () => Promise.reject(new SyntaxError('not JSON')) })
	};
	for (const [name, answer] of Object.entries(answers)) {
		await assertStaysClosedAfterItsSessionEnded(answer, name);
	}
});

test('a socket whose session ended stays closed behind Spring Security\'s HTTP Basic, which answers a script 401 and a page a login prompt', async () => {
	// Boot's default security (form login and HTTP Basic) answers a request that is no longer
	// authenticated with 401 and WWW-Authenticate: Basic, on which a browser holds the fetch and
	// prompts for a password (a headless one holds it for ever), unless the request says it comes
	// from a script (X-Requested-With: XMLHttpRequest): then it answers a bare 401.
	const httpBasic = (init) => ((init.headers || {})['X-Requested-With'] === 'XMLHttpRequest')
		? { ok: false, status: 401, redirected: false, json: () => Promise.reject(new SyntaxError('not JSON')) }
		: new Promise(() => {});
	await assertStaysClosedAfterItsSessionEnded(httpBasic);
});

test('calls waiting when the client gives up after its session ended are rejected, and so are later ones', async () => {
	const browser = page({ connectionEndpoint: refused });
	browser.sockets[0].onopen();
	browser.sockets[0].drop(1008);
	const waiting = browser.client.call('get', '/messages').then(() => 'resolved', (error) => error.message);
	await browser.advance(1000);
	assert.strictEqual(browser.client.state, 'closed');
	assert.strictEqual(await waiting, 'the session ended');
	await assert.rejects(browser.client.call('get', '/messages'), /closed/);
});

test('a fresh id the server cannot record yet (503, Redis away) is asked for again with backoff, and connects once it comes', async () => {
	let unavailable = 2;
	const browser = page({
		connectionEndpoint: () => (unavailable-- > 0)
			? { ok: false, status: 503, redirected: false, json: () => Promise.resolve({ error: 'retry later' }) }
			: { ok: true, status: 200, json: () => Promise.resolve({ connection_id: 'b'.repeat(64) }) }
	});
	browser.sockets[0].onopen();
	browser.sockets[0].drop(1008);
	// Two backoff delays, the second at most 500 ms; well within the connect timeout.
	await browser.advance(2000);
	assert.deepStrictEqual(browser.fetches, [connectionEndpointUrl, connectionEndpointUrl, connectionEndpointUrl]);
	assert.strictEqual(browser.sockets.length, 2);
	assert.ok(browser.sockets[1].url.endsWith('socket_connection_id=' + 'b'.repeat(64)));
	browser.sockets[1].onopen();
	assert.strictEqual(browser.client.state, 'open');
});

const fresh = (letter) => () => ({ ok: true, status: 200, json: () => Promise.resolve({ connection_id: letter.repeat(64) }) });

test('a close() while a fresh id is being fetched opens no socket afterwards', async () => {
	let answer;
	const browser = page({ connectionEndpoint: () => new Promise((resolve) => { answer = resolve; }) });
	browser.sockets[0].onopen();
	browser.sockets[0].drop(1008);
	await browser.advance(1000);
	browser.client.close();
	answer(fresh('c')());
	await browser.advance(60000);
	assert.strictEqual(browser.sockets.length, 1);
	assert.strictEqual(browser.client.state, 'closed');
});

test('a call waiting to be sent settles when the page closes the client', async () => {
	const browser = page({ connectionEndpoint: fresh('b') });
	browser.sockets[0].onopen();
	browser.sockets[0].drop(1006);
	const outcome = browser.client.call('get', '/messages').then(() => 'resolved', (error) => error.message);
	browser.client.close();
	await browser.advance(1000);
	assert.strictEqual(await outcome, 'the client is closed');
});

test('renewed fires once when the fresh id takes longer than the resume window to connect', async () => {
	const browser = page({ connectionEndpoint: fresh('b') });
	const renewed = [];
	browser.client.addEventListener('renewed', (event) => renewed.push(event.connectionId));
	browser.sockets[0].onopen();
	browser.sockets[0].drop(1008);
	await browser.advance(1000);
	for (let i = 0; i < 60; i++) {
		const latest = browser.sockets[browser.sockets.length - 1];
		if (latest.closedWith === null) {
			latest.drop(1006);
		}
		await browser.advance(1000);
	}
	browser.sockets[browser.sockets.length - 1].onopen();
	assert.ok(browser.fetches.length >= 2, 'the id was renewed more than once');
	assert.deepStrictEqual(renewed, ['b'.repeat(64)]);
});

// What became of a promise so far, without waiting for it.
function outcomeOf(promise) {
	const outcome = { settled: false };
	promise.then((value) => Object.assign(outcome, { settled: true, value }),
		(error) => Object.assign(outcome, { settled: true, error: error.message }));
	return outcome;
}

test('a call made while the socket is down is rejected once the socket has not come back for 10 s', async () => {
	const browser = page({ connectionEndpoint: refused });
	browser.sockets[0].onopen();
	browser.sockets[0].drop(1006);
	const waiting = outcomeOf(browser.client.call('post', '/messages', { content: 'hi' }));
	await browser.advance(9000);
	assert.strictEqual(waiting.settled, false, 'rejected before its deadline');
	await browser.advance(1000);
	assert.strictEqual(waiting.settled, true, 'the call still waits for a socket that does not come back');
	assert.strictEqual(waiting.error, 'not sent: the socket was not back within 10000 ms');
	browser.sockets[browser.sockets.length - 1].onopen();
	assert.ok(browser.sockets.every((socket) => socket.sent.every((message) => message.action !== 'call-route')),
		'the call was sent after its promise was rejected');
});

test('a call sent once the socket is back keeps waiting for its reply past the deadline of queued calls', async () => {
	const browser = page({ connectionEndpoint: refused, connect: { queueTimeout: 3000 } });
	browser.sockets[0].onopen();
	browser.sockets[0].drop(1006);
	const waiting = outcomeOf(browser.client.call('get', '/slow'));
	await browser.advance(1000);
	const second = browser.sockets[1];
	second.onopen();
	const sent = second.sent.find((message) => message.action === 'call-route');
	assert.ok(sent, 'the queued call was sent when the socket opened');
	await browser.advance(5000);
	assert.strictEqual(waiting.settled, false, 'a call in flight was rejected by the deadline of queued calls');
	second.onmessage({ data: JSON.stringify({ id: sent.id, status: 200, headers: {}, body: 'done' }) });
	await browser.advance(0);
	assert.strictEqual(waiting.value.body, 'done');
});

// A page in the back/forward cache, like a sleeping laptop's, runs no timers: a deadline's timer
// resumes with what it had left to wait, long after the deadline on the clock.
// A call queued 1 s after its socket dropped, on a page that then spends the given time in the
// back/forward cache.
async function callQueuedThenCached(cachedFor) {
	const browser = page({ connectionEndpoint: refused });
	browser.sockets[0].onopen();
	browser.sockets[0].drop(1006);
	const waiting = outcomeOf(browser.client.call('post', '/messages', { content: 'hi' }));
	await browser.advance(1000);
	browser.leaveForCache();
	browser.sleep(cachedFor);
	browser.restoreFromCache();
	return { browser, waiting };
}

test('a call queued before the page went to the back/forward cache is rejected, not sent, once its deadline passed there', async () => {
	const { browser, waiting } = await callQueuedThenCached(20000);
	await browser.advance(0);
	assert.strictEqual(waiting.error, 'not sent: the socket was not back within 10000 ms',
		'a call queued 21 s ago still waited when its page was restored');
	const restored = browser.sockets[browser.sockets.length - 1];
	restored.onopen();
	assert.ok(restored.sent.every((message) => message.action !== 'call-route'), 'the call was sent 21 s after it was made');
});

test('a call queued before the page went to the back/forward cache keeps the rest of its deadline on the clock', async () => {
	const { browser, waiting } = await callQueuedThenCached(6000);
	await browser.advance(2999);
	assert.strictEqual(waiting.settled, false, 'rejected before its deadline');
	await browser.advance(1);
	assert.strictEqual(waiting.error, 'not sent: the socket was not back within 10000 ms',
		'the call waited out its deadline again from where its timer stood in the cache');
});

test('a call queued before the page went to the back/forward cache is sent when the socket opens within its deadline', async () => {
	const browser = page({ connectionEndpoint: refused });
	browser.sockets[0].onopen();
	browser.sockets[0].drop(1006);
	browser.client.call('post', '/messages', { content: 'hi' });
	browser.leaveForCache();
	browser.sleep(5000);
	browser.restoreFromCache();
	await browser.advance(0);
	const restored = browser.sockets[browser.sockets.length - 1];
	restored.onopen();
	assert.ok(restored.sent.some((message) => message.action === 'call-route'), 'the call was not sent within its deadline');
});

test('a call queued before a laptop slept is rejected, not sent, when the socket opens after its deadline on the clock', async () => {
	const browser = page({ connectionEndpoint: refused });
	browser.sockets[0].onopen();
	browser.sockets[0].drop(1006);
	const waiting = outcomeOf(browser.client.call('post', '/messages', { content: 'hi' }));
	browser.sleep(20000);
	await browser.advance(1000);
	const next = browser.sockets[1];
	next.onopen();
	await browser.advance(0);
	assert.ok(next.sent.every((message) => message.action !== 'call-route'), 'the call was sent 21 s after it was made');
	assert.strictEqual(waiting.error, 'not sent: the socket was not back within 10000 ms');
});

test('the deadline of queued calls is the connect option queueTimeout, and 0 means none', async () => {
	const short = page({ connectionEndpoint: refused, connect: { queueTimeout: 2000 } });
	short.sockets[0].onopen();
	short.sockets[0].drop(1006);
	const early = outcomeOf(short.client.call('get', '/messages'));
	await short.advance(2000);
	assert.strictEqual(early.error, 'not sent: the socket was not back within 2000 ms');
	const none = page({ connectionEndpoint: refused, connect: { queueTimeout: 0 } });
	none.sockets[0].onopen();
	none.sockets[0].drop(1006);
	const patient = outcomeOf(none.client.call('get', '/messages'));
	await none.advance(25000);
	assert.strictEqual(patient.settled, false);
	assert.throws(() => page({ connectionEndpoint: refused, connect: { queueTimeout: '10s' } }),
		/queueTimeout must be a number of milliseconds/);
});

test('connect() called again for the page\'s id returns the same client, with one socket', async () => {
	const browser = page({ connectionEndpoint: refused });
	const again = browser.realtime.connect();
	assert.ok(again === browser.client, 'a second client for the same connection id');
	assert.strictEqual(browser.sockets.length, 1);
	browser.sockets[0].onopen();
	const other = browser.realtime.connect({ connectionId: 'c'.repeat(64) });
	assert.ok(other !== browser.client, 'another id got the page\'s client');
	assert.strictEqual(browser.sockets.length, 2);
	browser.client.close();
	const afterClose = browser.realtime.connect();
	assert.ok(afterClose !== browser.client, 'a closed client was handed out again');
	assert.strictEqual(afterClose.state, 'connecting');
});

test('connect() called again after the client renewed its id still returns that client', async () => {
	const browser = page({ connectionEndpoint: fresh('b') });
	browser.sockets[0].onopen();
	browser.sockets[0].drop(1008);
	await browser.advance(1000);
	browser.sockets[1].onopen();
	assert.strictEqual(browser.client.connectionId, 'b'.repeat(64));
	assert.ok(browser.realtime.connect() === browser.client, 'a second client once the id was renewed');
	assert.strictEqual(browser.sockets.length, 2);
});

test('a first socket refused before it ever opened asks for a fresh id at once instead of waiting out the resume window', async () => {
	// A browser reports a handshake refused with 403 (an id expired, never issued, or issued for
	// another socket key) as a socket closed with 1006 that never opened.
	const browser = page({ connectionEndpoint: fresh('b') });
	const renewed = [];
	browser.client.addEventListener('renewed', (event) => renewed.push(event.connectionId));
	browser.sockets[0].drop(1006);
	await browser.advance(1000);
	assert.deepStrictEqual(browser.fetches, [connectionEndpointUrl], 'no fresh id was asked for within a second');
	assert.strictEqual(browser.sockets.length, 2);
	assert.ok(browser.sockets[1].url.endsWith('socket_connection_id=' + 'b'.repeat(64)), browser.sockets[1].url);
	browser.sockets[1].onopen();
	assert.deepStrictEqual(renewed, ['b'.repeat(64)]);
	assert.strictEqual(browser.client.state, 'open');
});

test('a socket that opened and dropped retries its id while the sockets after it are refused, within the resume window', async () => {
	const browser = page({ connectionEndpoint: fresh('b') });
	browser.sockets[0].onopen();
	browser.sockets[0].drop(1006);
	for (let i = 0; i < 20; i++) {
		await browser.advance(1000);
		const latest = browser.sockets[browser.sockets.length - 1];
		if (latest.closedWith === null) {
			latest.drop(1006);
		}
	}
	assert.ok(browser.sockets.length > 3);
	assert.ok(browser.sockets.every((socket) => socket.url.endsWith('a'.repeat(64))), 'the id was given up within its window');
	assert.deepStrictEqual(browser.fetches, []);
});

test('connect() run before the page has a <body> says so instead of failing on a null', () => {
	// A script in <head> without defer runs before the parser reaches <body>.
	const window = { location: { protocol: 'http:', hostname: 'localhost', port: '' } };
	new Function('window', 'document', script)(window, { body: null });
	assert.throws(() => window.Realtime.connect(), (error) => {
		assert.match(error.message, /^Realtime: no <body> yet/);
		return true;
	});
});

test('a listener removed with removeEventListener hears no more of the client\'s events', async () => {
	const browser = page({ connectionEndpoint: refused });
	const heard = [];
	const listener = (state) => heard.push(state);
	browser.client.addEventListener('state', listener);
	browser.sockets[0].onopen();
	assert.strictEqual(typeof browser.client.removeEventListener, 'function', 'the client has no removeEventListener');
	browser.client.removeEventListener('state', listener);
	browser.sockets[0].drop(1006);
	await browser.advance(1000);
	assert.deepStrictEqual(heard, ['open']);
});

// A socket whose peer is gone stays open to the browser until a ping goes unanswered. After
// a sleep or a network change the page hears of it at once, by the browser's events.
const pingsOn = (socket) => socket.sent.filter((message) => message.action === 'ping');

test('the browser coming back online has the client ping its socket at once and let it go when no answer comes', async () => {
	const browser = page({ connectionEndpoint: refused });
	browser.sockets[0].onopen();
	await browser.advance(5000);
	browser.window.dispatch('online');
	assert.strictEqual(pingsOn(browser.sockets[0]).length, 1, 'no ping was sent when the browser came back online');
	await browser.advance(10000);
	assert.strictEqual(browser.sockets[0].closedWith, 4000, 'the unanswered socket was kept past the ping timeout');
	await browser.advance(1000);
	assert.strictEqual(browser.sockets.length, 2);
	assert.ok(browser.sockets[1].url.endsWith('a'.repeat(64)), 'the socket did not resume its id');
});

test('a hidden page becoming visible has the client ping its socket at once, and a socket that answers is kept', async () => {
	const browser = page({ connectionEndpoint: refused });
	const socket = browser.sockets[0];
	socket.onopen();
	await browser.advance(5000);
	browser.hide();
	assert.strictEqual(pingsOn(socket).length, 0, 'a page going hidden pinged');
	browser.show();
	assert.strictEqual(pingsOn(socket).length, 1, 'no ping was sent when the page became visible');
	browser.show();
	browser.window.dispatch('online');
	assert.strictEqual(pingsOn(socket).length, 1, 'a second ping was sent while the first waited for its answer');
	socket.onmessage({ data: JSON.stringify({ id: pingsOn(socket)[0].id, status: 200, headers: {}, body: 'pong' }) });
	await browser.advance(0);
	await browser.advance(14000);
	assert.strictEqual(socket.closedWith, null, 'a socket that answered its ping was closed');
	assert.strictEqual(browser.sockets.length, 1);
	assert.strictEqual(browser.client.state, 'open');
});

test('the browser coming back online while the client waits out its backoff connects at once, with one socket', async () => {
	const browser = page({ connectionEndpoint: refused });
	browser.sockets[0].onopen();
	browser.sockets[0].drop(1006);
	// Refused sockets, each one doubling the wait before the next, up to 2.5 to 5 s.
	for (let refusals = 0; refusals < 6; refusals++) {
		const count = browser.sockets.length;
		while (browser.sockets.length === count) {
			await browser.advance(100);
		}
		browser.sockets[browser.sockets.length - 1].drop(1006);
	}
	const waiting = browser.sockets.length;
	await browser.advance(1000);
	assert.strictEqual(browser.sockets.length, waiting, 'the backoff was shorter than this test needs');
	browser.window.dispatch('online');
	await browser.advance(0);
	assert.strictEqual(browser.sockets.length, waiting + 1, 'the client waited out its backoff after the browser came online');
	assert.ok(browser.sockets[waiting].url.endsWith('a'.repeat(64)), 'the socket did not resume its id');
	await browser.advance(10000);
	assert.strictEqual(browser.sockets.length, waiting + 1, 'the backoff timer opened another socket as well');
	browser.sockets[waiting].onopen();
	assert.strictEqual(browser.client.state, 'open');
});

test('a page becoming visible while the client waits to reconnect connects at once; a page going hidden does not', async () => {
	const browser = page({ connectionEndpoint: refused });
	browser.sockets[0].onopen();
	browser.sockets[0].drop(1006);
	for (let refusals = 0; refusals < 6; refusals++) {
		const count = browser.sockets.length;
		while (browser.sockets.length === count) {
			await browser.advance(100);
		}
		browser.sockets[browser.sockets.length - 1].drop(1006);
	}
	const waiting = browser.sockets.length;
	browser.hide();
	await browser.advance(0);
	assert.strictEqual(browser.sockets.length, waiting, 'a page going hidden reconnected at once');
	browser.show();
	await browser.advance(0);
	assert.strictEqual(browser.sockets.length, waiting + 1, 'the client waited out its backoff after the page became visible');
});

// The server answers the pings sent on a socket so far, as a healthy socket does; the page
// hears of the answers before any timer runs, as in a browser.
async function answerPings(browser, socket) {
	pingsOn(socket).forEach((ping) =>
		socket.onmessage({ data: JSON.stringify({ id: ping.id, status: 200, headers: {}, body: 'pong' }) }));
	await browser.advance(0);
}

test('a socket found dead after a sleep longer than the resume window asks for a fresh id at once, and renewed fires', async () => {
	const browser = page({ connectionEndpoint: fresh('b') });
	const renewed = [];
	browser.client.addEventListener('renewed', (event) => renewed.push(event.connectionId));
	browser.sockets[0].onopen();
	await browser.advance(20000);
	await answerPings(browser, browser.sockets[0]);
	await browser.advance(5000);
	browser.hide();
	browser.sleep(10 * 60 * 1000);
	browser.show();
	// No answer to the ping sent on waking: the server closed the socket long ago.
	await browser.advance(10000);
	assert.strictEqual(browser.sockets[0].closedWith, 4000);
	await browser.advance(1000);
	assert.deepStrictEqual(browser.fetches, [connectionEndpointUrl],
		'the id expired during the sleep was tried again instead of asking for a fresh one');
	assert.strictEqual(browser.sockets.length, 2);
	assert.ok(browser.sockets[1].url.endsWith('b'.repeat(64)), browser.sockets[1].url);
	browser.sockets[1].onopen();
	assert.deepStrictEqual(renewed, ['b'.repeat(64)]);
});

test('a socket that closes while its page is awake retries its id for the resume window from the close', async () => {
	// A server restarting, or an instance that died whose sockets resume on another: the last
	// pong may be 20 s old when the socket closes, and the id still has its whole window.
	const browser = page({ connectionEndpoint: fresh('b') });
	browser.sockets[0].onopen();
	await browser.advance(20000);
	await answerPings(browser, browser.sockets[0]);
	await browser.advance(19000);
	browser.sockets[0].drop(1006);
	for (let i = 0; i < 25; i++) {
		await browser.advance(1000);
		const latest = browser.sockets[browser.sockets.length - 1];
		if (latest.closedWith === null) {
			latest.drop(1006);
		}
	}
	assert.ok(browser.sockets.length > 3);
	assert.ok(browser.sockets.every((socket) => socket.url.endsWith('a'.repeat(64))), 'the id was given up within its window: ' + browser.sockets.map((s) => s.url.slice(-3) + s.closedWith).join());
	assert.deepStrictEqual(browser.fetches, []);
});

test('with a resume window of 0 a socket that dropped asks for a fresh id at once, as its id cannot resume', async () => {
	const browser = page({ connectionEndpoint: fresh('b'), settings: { resumeWindow: 0 } });
	browser.sockets[0].onopen();
	browser.sockets[0].drop(1006);
	await browser.advance(1000);
	assert.deepStrictEqual(browser.fetches, [connectionEndpointUrl], 'the id that expired at its close was tried again');
	assert.ok(browser.sockets[1].url.endsWith('b'.repeat(64)), browser.sockets[1].url);
});

test('a closed client stops listening to the browser\'s events', async () => {
	const browser = page({ connectionEndpoint: refused });
	browser.sockets[0].onopen();
	browser.client.close();
	assert.strictEqual(browser.window.listenerCount() + browser.document.listenerCount(), 0,
		'the closed client still listens to the browser');
	browser.window.dispatch('online');
	browser.show();
	await browser.advance(60000);
	assert.strictEqual(browser.sockets.length, 1);
	assert.strictEqual(pingsOn(browser.sockets[0]).length, 0);
});

test('send() leaves the page\'s message as it was, so that one message object may be sent twice', async () => {
	const browser = page({ connectionEndpoint: refused });
	const socket = browser.sockets[0];
	socket.onopen();
	const typing = { action: 'typing', room: 'r1' };
	const first = outcomeOf(browser.client.send(typing));
	const second = outcomeOf(browser.client.send(typing));
	assert.deepStrictEqual(typing, { action: 'typing', room: 'r1' }, 'send() changed the page\'s message');
	const [firstSent, secondSent] = socket.sent;
	assert.notStrictEqual(firstSent.id, secondSent.id, 'two sends went out with one id');
	socket.onmessage({ data: JSON.stringify({ id: secondSent.id, status: 200, body: 'second' }) });
	socket.onmessage({ data: JSON.stringify({ id: firstSent.id, status: 200, body: 'first' }) });
	await browser.advance(0);
	assert.strictEqual(first.value.body, 'first');
	assert.strictEqual(second.value.body, 'second');
	// A page may keep its messages as frozen constants.
	const ping = outcomeOf(browser.client.send(Object.freeze({ action: 'ping' })));
	await browser.advance(0);
	assert.strictEqual(ping.error, undefined, 'a frozen message was refused');
	assert.strictEqual(socket.sent.length, 3);
});

test('send() of something other than a message object is rejected saying so, and sends nothing', async () => {
	const browser = page({ connectionEndpoint: refused });
	browser.sockets[0].onopen();
	for (const notAMessage of ['ping', null, undefined, 42]) {
		await assert.rejects(browser.client.send(notAMessage), (error) => {
			assert.match(error.message, /^Realtime: send\(\) takes a message object/, String(notAMessage));
			return true;
		});
	}
	const circular = { action: 'ping' };
	circular.self = circular;
	await assert.rejects(browser.client.send(circular), TypeError);
	assert.deepStrictEqual(browser.sockets[0].sent, []);
});

// What fetch takes for a form, a query and headers: JSON writes each of them as {}.
test('call() sends the fields of a FormData or URLSearchParams and the entries of a Map or Headers, not {}', async () => {
	const browser = page({ connectionEndpoint: refused });
	const socket = browser.sockets[0];
	socket.onopen();
	const form = new FormData();
	form.append('content', 'hi');
	form.append('tag', 'a');
	form.append('tag', 'b');
	browser.client.call('post', '/messages', form, { headers: new Headers({ 'X-Room': 'r1' }) });
	browser.client.call('post', '/messages', new URLSearchParams('content=hi&tag=a&tag=b'));
	browser.client.call('post', '/messages', new Map([['content', 'hi']]), { headers: new Map([['X-Room', 'r1']]) });
	browser.client.call('post', '/messages', null, { body: new URLSearchParams('content=hi&tag=a') });
	browser.client.call('post', '/messages', null, { body: new URLSearchParams('content=hi'), headers: { 'Content-Type': 'text/plain' } });
	await browser.advance(0);
	const [fromForm, fromQuery, fromMap, formBody, formBodyAsText] = socket.sent;
	assert.deepStrictEqual(fromForm.input, { content: 'hi', tag: ['a', 'b'] }, 'FormData input');
	assert.deepStrictEqual(fromForm.headers, { 'x-room': 'r1' }, 'Headers');
	assert.deepStrictEqual(fromQuery.input, { content: 'hi', tag: ['a', 'b'] }, 'URLSearchParams input');
	assert.deepStrictEqual(fromMap.input, { content: 'hi' }, 'Map input');
	assert.deepStrictEqual(fromMap.headers, { 'X-Room': 'r1' }, 'Map headers');
	assert.strictEqual(formBody.body, 'content=hi&tag=a', 'URLSearchParams body');
	assert.deepStrictEqual(formBody.headers, { 'Content-Type': 'application/x-www-form-urlencoded;charset=UTF-8' });
	assert.strictEqual(formBodyAsText.body, 'content=hi');
	assert.deepStrictEqual(formBodyAsText.headers, { 'Content-Type': 'text/plain' });
});

test('call() with a file, or a body that is not text, is rejected saying so, and sends nothing', async () => {
	const browser = page({ connectionEndpoint: refused });
	browser.sockets[0].onopen();
	const upload = new FormData();
	upload.append('content', 'hi');
	upload.append('picture', new Blob(['not really a picture']), 'picture.png');
	const withFile = outcomeOf(browser.client.call('post', '/pictures', upload));
	const binaries = [upload, new Blob(['x']), new Uint8Array([1]), new ArrayBuffer(1)]
		.map((binary) => outcomeOf(browser.client.call('post', '/pictures', null, { body: binary })));
	await browser.advance(0);
	assert.deepStrictEqual(browser.sockets[0].sent.map((message) => message.input || message.body), [],
		'calls that cannot carry what they were given were sent');
	assert.match(withFile.error, /^Realtime: a call carries no files \(picture\): upload them over HTTP/);
	binaries.forEach((binary) => assert.match(binary.error, /^Realtime: a call's body is text/));
});

test('the script included twice in a page keeps one client per connection id, with one socket', async () => {
	// A layout and a fragment of a page may each carry the script tag.
	const browser = page({ connectionEndpoint: refused });
	browser.sockets[0].onopen();
	new Function('window', 'document', 'WebSocket', script)(browser.window, browser.document, function () {
		throw new Error('a second socket was opened for the page\'s id');
	});
	assert.ok(browser.window.Realtime.connect() === browser.client, 'the second copy of the script made a second client');
	assert.strictEqual(browser.sockets.length, 1);
});

test('a listener added twice hears each event once, and one removeEventListener removes it, as the DOM\'s', async () => {
	// A page's setup run twice (a fragment loaded again) adds its listeners again.
	const browser = page({ connectionEndpoint: refused });
	const heard = [];
	const listener = (state) => heard.push(state);
	browser.client.addEventListener('state', listener);
	browser.client.addEventListener('state', listener);
	browser.sockets[0].onopen();
	assert.deepStrictEqual(heard, ['open'], 'a listener added twice heard an event twice');
	browser.client.removeEventListener('state', listener);
	browser.sockets[0].drop(1006);
	await browser.advance(1000);
	assert.deepStrictEqual(heard, ['open']);
});

test('a channel handler registered twice is called once per registration, and each remover removes its own', async () => {
	const browser = page({ connectionEndpoint: refused });
	const heard = [];
	const handler = (payload) => heard.push(payload.n);
	const removeFirst = browser.client.on('news', handler);
	browser.client.on('news', handler);
	browser.sockets[0].onopen();
	browser.sockets[0].onmessage({ data: JSON.stringify({ channel: 'news', payload: { n: 1 } }) });
	removeFirst();
	removeFirst();
	browser.sockets[0].onmessage({ data: JSON.stringify({ channel: 'news', payload: { n: 2 } }) });
	assert.deepStrictEqual(heard, [1, 1, 2], 'one remover removed both registrations, or neither');
});

// A handshake that the network swallows (a half-open connection after a sleep, a proxy that
// never answers) leaves a browser's socket connecting, with neither an open nor a close.
test('a socket that stays connecting is let go after the connect timeout, and the client retries its id', async () => {
	const browser = page({ connectionEndpoint: fresh('b') });
	browser.sockets[0].onopen();
	browser.sockets[0].drop(1006);
	await browser.advance(1000);
	const stuck = browser.sockets[1];
	await browser.advance(9000);
	assert.strictEqual(stuck.closedWith, null, 'let go before its connect timeout');
	await browser.advance(1000);
	assert.notStrictEqual(stuck.closedWith, null, 'a socket still connecting after 10 s was kept');
	await browser.advance(1000);
	assert.strictEqual(browser.sockets.length, 3, 'no socket was opened after the one that never connected');
	assert.ok(browser.sockets[2].url.endsWith('a'.repeat(64)), 'the id was given up within its window');
	assert.deepStrictEqual(browser.fetches, []);
	browser.sockets[2].onopen();
	await browser.advance(15000);
	assert.strictEqual(browser.sockets[2].closedWith, null, 'a socket that opened was let go by its connect timeout');
	assert.strictEqual(browser.client.state, 'open');
});

test('a first socket that stays connecting is let go after the connect timeout, and the client asks for a fresh id', async () => {
	const browser = page({ connectionEndpoint: fresh('b') });
	await browser.advance(10000);
	assert.notStrictEqual(browser.sockets[0].closedWith, null, 'a socket still connecting after 10 s was kept');
	await browser.advance(1000);
	assert.deepStrictEqual(browser.fetches, [connectionEndpointUrl]);
	assert.ok(browser.sockets[1].url.endsWith('b'.repeat(64)), browser.sockets[1].url);
});

test('the connect timeout is the connect option connectTimeout, and 0 means none', async () => {
	const short = page({ connectionEndpoint: refused, connect: { connectTimeout: 2000 } });
	await short.advance(1999);
	assert.strictEqual(short.sockets[0].closedWith, null, 'let go before its connect timeout');
	await short.advance(1);
	assert.notStrictEqual(short.sockets[0].closedWith, null, 'a socket still connecting after 2 s was kept');
	const none = page({ connectionEndpoint: refused, connect: { connectTimeout: 0 } });
	await none.advance(10 * 60 * 1000);
	assert.strictEqual(none.sockets[0].closedWith, null);
	assert.strictEqual(none.sockets.length, 1);
	for (const notMilliseconds of ['10s', -1, NaN, Infinity, null]) {
		assert.throws(() => page({ connectionEndpoint: refused, connect: { connectTimeout: notMilliseconds } }),
			/^Error: Realtime: connectTimeout must be a number of milliseconds \(0 for none\), not /, String(notMilliseconds));
	}
});

// Firefox, and Chrome until recently, keep no page with an open WebSocket in their back/forward
// cache, and a browser that closes it itself (Safari, Chrome now) hands the page back with a dead
// socket.
test('a page kept in the back/forward cache closes its socket, and restored within the resume window resumes its id', async () => {
	const browser = page({ connectionEndpoint: fresh('b') });
	const renewed = [];
	browser.client.addEventListener('renewed', (event) => renewed.push(event.connectionId));
	browser.sockets[0].onopen();
	await browser.advance(5000);
	browser.leaveForCache();
	assert.notStrictEqual(browser.sockets[0].closedWith, null, 'the socket was kept open as the page went to the cache');
	// Were a browser to run the page's timers in the cache, the client would still not reconnect there.
	await browser.advance(20000);
	assert.strictEqual(browser.sockets.length, 1, 'a socket was opened while the page was in the cache');
	const opened = outcomeOf(new Promise((resolve) => browser.client.addEventListener('open', resolve)));
	browser.sleep(5000);
	browser.restoreFromCache();
	await browser.advance(0);
	assert.strictEqual(browser.sockets.length, 2, 'the restored page did not connect at once');
	assert.ok(browser.sockets[1].url.endsWith('a'.repeat(64)), 'the id was given up within its window');
	browser.sockets[1].onopen();
	await browser.advance(0);
	assert.ok(opened.settled);
	assert.deepStrictEqual(browser.fetches, []);
	assert.deepStrictEqual(renewed, []);
	assert.strictEqual(browser.client.state, 'open');
});

test('a page restored from the back/forward cache after the resume window connects with a fresh id, and renewed fires', async () => {
	const browser = page({ connectionEndpoint: fresh('b') });
	const renewed = [];
	browser.client.addEventListener('renewed', (event) => renewed.push(event.connectionId));
	browser.sockets[0].onopen();
	browser.leaveForCache();
	browser.sleep(10 * 60 * 1000);
	browser.restoreFromCache();
	await browser.advance(0);
	assert.deepStrictEqual(browser.fetches, [connectionEndpointUrl], 'the id expired in the cache was tried again');
	assert.strictEqual(browser.sockets.length, 2);
	assert.ok(browser.sockets[1].url.endsWith('b'.repeat(64)), browser.sockets[1].url);
	browser.sockets[1].onopen();
	assert.deepStrictEqual(renewed, ['b'.repeat(64)]);
});

test('a page left for the cache while its client waits to reconnect connects once, when it is restored', async () => {
	const browser = page({ connectionEndpoint: refused });
	browser.sockets[0].onopen();
	browser.sockets[0].drop(1006);
	browser.leaveForCache();
	await browser.advance(5000);
	assert.strictEqual(browser.sockets.length, 1, 'a socket was opened while the page was in the cache');
	browser.restoreFromCache();
	await browser.advance(0);
	assert.strictEqual(browser.sockets.length, 2);
	await browser.advance(9000);
	assert.strictEqual(browser.sockets.length, 2, 'the restored page opened a second socket');
});

test('the pageshow of a page\'s first load leaves its socket as it is', async () => {
	const browser = page({ connectionEndpoint: refused });
	browser.window.dispatch('pageshow', { persisted: false });
	browser.sockets[0].onopen();
	browser.window.dispatch('pageshow', { persisted: false });
	await browser.advance(0);
	assert.strictEqual(browser.sockets.length, 1);
	assert.strictEqual(browser.sockets[0].closedWith, null);
});

// What new WebSocket() does with a relative URL, or an http(s) one, differs between browsers
// (older ones throw): the client hands it an absolute ws(s) URL built from the page's location.
test('the socket\'s URL is absolute: the page\'s host and port, wss for an https page, and the application\'s paths', () => {
	const secure = page({ connectionEndpoint: refused, location: { protocol: 'https:', hostname: 'chat.example.com', port: '' },
		settings: { contextPath: '/app', socketPath: '/live' } });
	assert.strictEqual(secure.sockets[0].url, 'wss://chat.example.com/app/live?socket_connection_id=' + 'a'.repeat(64));
	const plain = page({ connectionEndpoint: refused, location: { protocol: 'http:', hostname: '[::1]', port: '8080' } });
	assert.strictEqual(plain.sockets[0].url, 'ws://[::1]:8080/?socket_connection_id=' + 'a'.repeat(64));
});

// fetch resolves a relative URL against the document's base URL, which a <base href> may put on
// another host (a CDN): the fresh id is asked of the page's own server, as the socket connects to.
test('the fresh id is asked for at an absolute URL: the page\'s scheme, host and port, and the application\'s paths', async () => {
	const secure = page({ connectionEndpoint: refused, location: { protocol: 'https:', hostname: 'chat.example.com', port: '' },
		settings: { contextPath: '/app', connectionEndpoint: '/ids' } });
	secure.sockets[0].onopen();
	secure.sockets[0].drop(1008);
	await secure.advance(1000);
	assert.deepStrictEqual(secure.fetches, ['https://chat.example.com/app/ids']);
	const plain = page({ connectionEndpoint: refused, location: { protocol: 'http:', hostname: '[::1]', port: '8080' } });
	plain.sockets[0].onopen();
	plain.sockets[0].drop(1008);
	await plain.advance(1000);
	assert.deepStrictEqual(plain.fetches, ['http://[::1]:8080/realtime/connection']);
});

test('a script of a page swapped in gets the page\'s client, which gives up the old page\'s id for the new one', async () => {
	const browser = page({ connectionEndpoint: refused });
	const navigated = [];
	browser.client.addEventListener('navigated', (event) => navigated.push(event.connectionId));
	browser.sockets[0].onopen();
	const sent = browser.client.call('post', '/on-the-first-page').then(() => 'resolved', (error) => error.message);

	browser.document.body.connectionId = 'c'.repeat(64);
	assert.strictEqual(browser.realtime.connect(), browser.client);
	assert.strictEqual(browser.sockets[0].closedWith, 1000);
	assert.strictEqual(browser.sockets.length, 2);
	assert.ok(browser.sockets[1].url.endsWith('socket_connection_id=' + 'c'.repeat(64)));
	assert.deepStrictEqual(navigated, ['c'.repeat(64)]);
	assert.strictEqual(await sent, 'the page changed before the reply');

	browser.sockets[1].onopen();
	// Longer than the backoff of a reconnect, shorter than the ping interval.
	await browser.advance(10000);
	assert.strictEqual(browser.sockets.length, 2, 'the old page\'s socket reconnected');
	assert.strictEqual(browser.client.state, 'open');
	assert.strictEqual(browser.client.connectionId, 'c'.repeat(64));
});

test('a call waiting for a socket when another page comes in goes out on the new socket and gets its reply', async () => {
	const browser = page({ connectionEndpoint: refused });
	browser.sockets[0].onopen();
	browser.sockets[0].drop(1006);
	const waiting = outcomeOf(browser.client.call('post', '/made-before-the-page-changed'));
	await browser.advance(0);
	browser.document.body.connectionId = 'c'.repeat(64);
	browser.realtime.connect();
	await browser.advance(0);
	assert.strictEqual(waiting.settled, false, 'a call that was never sent was rejected as if its reply were lost');
	const next = browser.sockets[browser.sockets.length - 1];
	assert.ok(next.url.endsWith('socket_connection_id=' + 'c'.repeat(64)));
	next.onopen();
	const sent = next.sent.find((message) => message.action === 'call-route');
	assert.ok(sent, 'the waiting call was not sent on the new page\'s socket');
	next.onmessage({ data: JSON.stringify({ id: sent.id, status: 201, headers: {}, body: 'made' }) });
	await browser.advance(0);
	assert.strictEqual(waiting.value.body, 'made');
});

test('an id fetched for the page before is not used once another page came in', async () => {
	let answer;
	const browser = page({
		connectionEndpoint: () => new Promise((resolve) => {
			answer = () => resolve({ ok: true, status: 200, json: () => Promise.resolve({ connection_id: 'b'.repeat(64) }) });
		})
	});
	browser.sockets[0].onopen();
	browser.sockets[0].drop(1008);
	await browser.advance(1000);
	assert.deepStrictEqual(browser.fetches, [connectionEndpointUrl]);

	browser.document.body.connectionId = 'c'.repeat(64);
	browser.realtime.connect();
	answer();
	await browser.advance(1000);
	assert.strictEqual(browser.sockets.length, 2);
	assert.ok(browser.sockets[1].url.endsWith('socket_connection_id=' + 'c'.repeat(64)));
	assert.strictEqual(browser.client.connectionId, 'c'.repeat(64));
});

test('a client made for an id given to it stays on that id when the page changes', async () => {
	const browser = page({ connectionEndpoint: refused, connect: { connectionId: 'd'.repeat(64) } });
	browser.sockets[0].onopen();
	browser.document.body.connectionId = 'c'.repeat(64);
	const pageClient = browser.realtime.connect();
	assert.notStrictEqual(pageClient, browser.client);
	assert.strictEqual(browser.sockets[0].closedWith, null);
	assert.strictEqual(browser.client.connectionId, 'd'.repeat(64));
	assert.ok(browser.sockets[1].url.endsWith('socket_connection_id=' + 'c'.repeat(64)));
});
