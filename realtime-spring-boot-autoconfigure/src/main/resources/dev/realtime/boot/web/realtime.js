/*
 * Realtime channels: the browser client, served by realtime-spring-boot.
 *
 *   <script src="/realtime/realtime.js"></script>
 *   var realtime = Realtime.connect();
 *   realtime.on('chat', function (payload) { ... });
 *   realtime.call('post', '/messages', { content: 'hi' }).then(function (reply) { ... });
 *
 * It connects with the connection id that the page's <body> carries
 * (data-socket-connection-id), at the URL Pakyow's guide builds; reconnects with backoff and
 * resumes within the server's resume window (keeping its subscriptions); after the window it
 * asks for a fresh id and fires "renewed", since the old id's subscriptions are gone. So does an
 * id whose first socket closes without having opened (refused: nothing to resume). A socket
 * closed because its HTTP session ended (1008) cannot resume: it asks for a fresh id at once,
 * and when the server has none to give (403: the session is gone), it stays closed. A socket
 * still connecting after connectTimeout is let go as one that closed unopened. A page kept in
 * the back/forward cache closes its socket, and connects again when it is restored.
 *
 * The client that Realtime.connect() made from the page follows the page: when a new page comes
 * in without a full load (htmx's boost swaps the new page's content into <body>, Turbo Drive
 * puts in the new page's <body>), it gives up the old page's id and connects with the new one's.
 */
(function (global) {
	'use strict';

	// Included twice in a page (a layout and a fragment may each carry the script tag), a second
	// copy would hand out a second client for the page's id, whose socket the server refuses
	// while the first client's holds the id: the first copy stays.
	if (global.Realtime) {
		return;
	}

	var server = /*server settings*/{};

	var PING_INTERVAL = 20000;
	var PING_TIMEOUT = 10000;
	var MIN_DELAY = 250;
	var MAX_DELAY = 5000;
	var SESSION_ENDED = 1008;
	var QUEUE_TIMEOUT = 10000;
	var CONNECT_TIMEOUT = 10000;
	// 0 is the server's: no id resumes. 30 s is its default, for a copy served without settings.
	var RESUME_WINDOW = (server.resumeWindow === undefined) ? 30000 : server.resumeWindow;

	// Absolute URLs on the page's own server. new WebSocket() with a relative or an http(s) URL
	// differs between browsers (older ones throw), and fetch resolves a relative URL against the
	// document's base URL, which a <base href> may put on another host.
	function serverUrl(scheme, path) {
		var location = global.location;
		var url = scheme + '//' + location.hostname;
		if (location.port) {
			url += ':' + location.port;
		}
		return url + (server.contextPath || '') + path;
	}

	function socketUrl(connectionId) {
		var scheme = (global.location.protocol === 'https:') ? 'wss:' : 'ws:';
		return serverUrl(scheme, server.socketPath || '/') + '?socket_connection_id=' + encodeURIComponent(connectionId);
	}

	function connectionEndpointUrl() {
		return serverUrl(global.location.protocol, server.connectionEndpoint || '/realtime/connection');
	}

	var ATTRIBUTE = 'data-socket-connection-id';

	// The id of the page shown now. A page loaded in full has it on <body>. htmx's boost swaps a new
	// page's content into the <body> there is, whose attributes stay the first page's: the starter
	// then also writes the id into that content, as a <template> child of <body>. The first such
	// child is the newest, as htmx puts the new content in before it takes the old out.
	function pageConnectionId() {
		var body = document.body;
		if (!body) {
			return null;
		}
		for (var child = body.firstElementChild; child; child = child.nextElementSibling) {
			if (child.localName === 'template' && child.hasAttribute(ATTRIBUTE)) {
				return child.getAttribute(ATTRIBUTE);
			}
		}
		return body.getAttribute(ATTRIBUTE);
	}

	// A page's listener or handler that throws must stop neither the others nor the client's own
	// work after it (reconnecting, sending what waits): its error is reported as uncaught, as the
	// DOM does for the listeners of an event.
	function invoke(listener, first, second) {
		try {
			listener(first, second);
		} catch (error) {
			global.setTimeout(function () { throw error; }, 0);
		}
	}

	function kindOf(value) {
		return Object.prototype.toString.call(value).slice(8, -1);
	}

	// What fetch takes for a form (FormData, URLSearchParams) or headers (Headers), and a Map, as
	// the plain object a message carries: JSON would write each of them as {}, and the route would
	// get none of it. A name given more than once (a form's checkboxes) gets its values as an array.
	function plainObject(value) {
		var kind = kindOf(value);
		if (kind !== 'FormData' && kind !== 'URLSearchParams' && kind !== 'Headers' && kind !== 'Map') {
			return value;
		}
		var object = {};
		value.forEach(function (entry, name) {
			if (kindOf(entry) === 'File' || kindOf(entry) === 'Blob') {
				throw new TypeError('Realtime: a call carries no files (' + name + '): upload them over HTTP');
			}
			object[name] = Object.prototype.hasOwnProperty.call(object, name) ? [].concat(object[name], entry) : entry;
		});
		return object;
	}

	// A call's body travels in a text frame, as text: URL-encoded for URLSearchParams, as fetch
	// sends them; nothing binary, which JSON would turn into {} or a list of its bytes.
	function bodyText(body, message) {
		if (typeof body === 'string') {
			return body;
		}
		var kind = kindOf(body);
		if (kind === 'URLSearchParams') {
			var typed = Object.keys(message.headers || {}).some(function (name) {
				return name.toLowerCase() === 'content-type';
			});
			if (!typed) {
				message.headers = Object.assign({}, message.headers,
					{ 'Content-Type': 'application/x-www-form-urlencoded;charset=UTF-8' });
			}
			return body.toString();
		}
		if (kind === 'FormData' || kind === 'Blob' || kind === 'File' || kind === 'ArrayBuffer' || ArrayBuffer.isView(body)) {
			throw new TypeError('Realtime: a call\'s body is text (a string, or an object sent as JSON), not a ' + kind
				+ ': give a form\'s fields as the call\'s input, and upload files over HTTP');
		}
		return JSON.stringify(body);
	}

	function RealtimeError(status, message) {
		var error = new Error(message);
		error.name = 'RealtimeError';
		error.status = status;
		return error;
	}

	// An option in milliseconds: its default when not given, 0 for none.
	function milliseconds(options, name, defaultValue, zero) {
		var value = (options[name] === undefined) ? defaultValue : options[name];
		if (!(typeof value === 'number' && isFinite(value) && value >= 0)) {
			throw new Error('Realtime: ' + name + ' must be a number of milliseconds (0 for ' + zero + '), not '
				+ options[name]);
		}
		return value;
	}

	function Client(connectionId, options) {
		this.connectionId = connectionId;
		this._queueTimeout = milliseconds(options, 'queueTimeout', QUEUE_TIMEOUT, 'no deadline');
		this._connectTimeout = milliseconds(options, 'connectTimeout', CONNECT_TIMEOUT, 'none');
		this.state = 'connecting';
		this._handlers = {};
		this._listeners = {};
		this._pending = {};
		this._outbox = [];
		this._nextId = 1;
		this._attempts = 0;
		this._lostAt = Date.now();
		this._heardAt = Date.now();
		this._idClaimed = false;
		this._closedByUser = false;
		// Counts the ids this client took from the page: an id fetched for an older one is not used.
		this._pageTurns = 0;
		this._watchBrowser();
		this._open();
	}

	Client.prototype = {

		// Handle the pushes to a channel: handler(payload, channel). Returns a function that
		// removes the handler.
		// Each call is a registration of its own, and its remover removes that one only: two parts
		// of a page may hand the same function for one channel.
		on: function (channel, handler) {
			var registration = function (payload, name) { return handler(payload, name); };
			(this._handlers[channel] = this._handlers[channel] || []).push(registration);
			var handlers = this._handlers;
			return function () {
				handlers[channel] = (handlers[channel] || []).filter(function (h) { return h !== registration; });
			};
		},

		// Listen to the client's own events: "open", "close", "renewed" (a fresh id replaced a
		// dead one: subscribe again), "navigated" (the client follows a page swapped in to its id),
		// "state" (detail: the new state). As in the DOM, a listener
		// added again is not added twice: a page's setup run again would otherwise hear every
		// event twice, and still hear it after one removeEventListener.
		addEventListener: function (type, listener) {
			var listeners = (this._listeners[type] = this._listeners[type] || []);
			if (listeners.indexOf(listener) < 0) {
				listeners.push(listener);
			}
		},

		// As the DOM's: a part of the page that goes away must be able to stop listening.
		removeEventListener: function (type, listener) {
			this._listeners[type] = (this._listeners[type] || []).filter(function (l) { return l !== listener; });
		},

		// Call a route over the socket: resolves with {status, ok, headers, body, json()} for
		// any status the route answers, as fetch does; rejects with a RealtimeError when the
		// server refuses the message, and with an Error when the socket drops before the reply
		// or is not back within queueTimeout to send it.
		call: function (method, uri, input, options) {
			var message = { action: 'call-route', method: method || 'get', uri: uri };
			try {
				if (input) {
					message.input = plainObject(input);
				}
				if (options && options.headers) {
					message.headers = plainObject(options.headers);
				}
				if (options && options.body !== undefined) {
					message.body = bodyText(options.body, message);
				}
			} catch (error) {
				return Promise.reject(error);
			}
			return this.send(message).then(function (frame) {
				return {
					status: frame.status,
					ok: frame.status >= 200 && frame.status < 300,
					headers: frame.headers || {},
					body: frame.body,
					json: function () { return JSON.parse(frame.body); }
				};
			});
		},

		// Send any action's message; resolves with the reply frame. Made while the socket is down,
		// it waits for the socket up to queueTimeout, then rejects without having been sent.
		send: function (message) {
			var self = this;
			return new Promise(function (resolve, reject) {
				// A string would go out as an object of its characters, which the server refuses
				// without a word about what the page did wrong.
				if (message === null || typeof message !== 'object') {
					throw new TypeError('Realtime: send() takes a message object, such as { action: \'ping\' }, not '
						+ message);
				}
				if (self.state === 'closed') {
					reject(new Error('the client is closed'));
					return;
				}
				var id = String(self._nextId++);
				// The id on a copy: the page's message may be sent again, or be frozen.
				var text = JSON.stringify(Object.assign({}, message, { id: id }));
				self._pending[id] = { resolve: resolve, reject: reject };
				if (self.state === 'open') {
					self._socket.send(text);
				} else {
					self._queue(id, text);
				}
			});
		},

		close: function () {
			// Before the socket's close, whose handler must not reconnect.
			this._closedByUser = true;
			if (this._socket) {
				this._socket.close(1000);
			}
			this._end('the client is closed');
		},

		_open: function () {
			var self = this;
			var socket = new WebSocket(socketUrl(this.connectionId));
			var opened = false;
			var gone = false;
			this._socket = socket;
			// Once per socket: at its close, or when the client lets it go before that.
			var lost = function (code, reason) {
				if (gone) {
					return;
				}
				gone = true;
				global.clearTimeout(connecting);
				self._stopPings();
				if (self._socket !== socket) {
					return;
				}
				// An id no socket has opened with has nothing to resume: its first socket was refused
				// (a browser shows a 403 as a close without an open) because the id expired, was never
				// issued, or belongs to another socket key, and trying it again would fail likewise.
				var idIsDead = code === SESSION_ENDED || !self._idClaimed;
				if (opened) {
					self._lostAt = Date.now();
					// Silent for longer than the resume window when found lost (the ping after a laptop
					// slept went unanswered), it was lost to the server about as long ago, and its id has
					// expired there: retrying it would be refused for another window. One heard from within
					// the window keeps the whole window from now, as its server may have lost it only now (a
					// restart, an instance that died).
					idIsDead = idIsDead || self._lostAt - self._heardAt > RESUME_WINDOW;
					self._failPending('the socket closed before the reply');
					self._emit('close', { code: code, reason: reason });
				}
				if (!self._closedByUser) {
					self._scheduleReconnect(idIsDead);
				}
			};
			var letGo = function (code, reason) {
				socket.close(code, reason);
				lost(code, reason);
			};
			this._letGo = letGo;
			// A handshake that the network swallows (a connection left half-open by a sleep or a
			// network change, a proxy that never answers) leaves the socket connecting, with neither
			// an open nor a close to reconnect on: it is let go as a socket that closed unopened.
			var connecting = (this._connectTimeout > 0) ? global.setTimeout(function () {
				if (!opened) {
					letGo(4000, 'not open within ' + self._connectTimeout + ' ms');
				}
			}, this._connectTimeout) : null;
			socket.onopen = function () {
				global.clearTimeout(connecting);
				opened = true;
				self._heardAt = Date.now();
				self._idClaimed = true;
				self._attempts = 0;
				self._setState('open');
				self._emit('open');
				if (self._renewed) {
					// Once per fresh id, however many sockets it took to connect with it.
					self._renewed = false;
					self._emit('renewed', { connectionId: self.connectionId });
				}
				// Past its deadline on the clock, a call is rejected though its timer has not fired: the
				// browser ran no timers while the laptop slept or the page was in the back/forward cache.
				self._expireQueued();
				var outbox = self._outbox;
				self._outbox = [];
				outbox.forEach(function (queued) {
					global.clearTimeout(queued.timer);
					socket.send(queued.text);
				});
				self._startPings();
			};
			socket.onmessage = function (event) {
				if (!gone) {
					self._heardAt = Date.now();
					self._receive(event.data);
				}
			};
			socket.onclose = function (event) {
				lost(event.code, event.reason);
			};
		},

		_receive: function (data) {
			var frame;
			try {
				frame = JSON.parse(data);
			} catch (e) {
				return;
			}
			if (frame.channel !== undefined) {
				(this._handlers[frame.channel] || []).forEach(function (handler) {
					invoke(handler, frame.payload, frame.channel);
				});
				return;
			}
			var pending = (frame.id !== undefined && frame.id !== null) ? this._pending[String(frame.id)] : undefined;
			if (pending) {
				delete this._pending[String(frame.id)];
				if (frame.error !== undefined) {
					pending.reject(RealtimeError(frame.status, frame.error));
				} else {
					pending.resolve(frame);
				}
			}
		},

		// A page waiting on a call must hear of it when the socket does not come back: nothing
		// else would settle the call before the resume window, or ever while the server is away.
		// Its deadline is on the clock: a timer stands still while the laptop sleeps or the page is
		// in the back/forward cache, and resumes with what it had left to wait.
		_queue: function (id, text) {
			var queued = { id: id, text: text };
			if (this._queueTimeout > 0) {
				queued.deadline = Date.now() + this._queueTimeout;
				this._armDeadline(queued);
			}
			this._outbox.push(queued);
		},

		_armDeadline: function (queued) {
			var self = this;
			global.clearTimeout(queued.timer);
			queued.timer = global.setTimeout(function () {
				self._expireQueued();
			}, Math.max(0, queued.deadline - Date.now()));
		},

		// Rejects the queued calls whose deadline has passed, without sending them.
		_expireQueued: function () {
			var self = this;
			var now = Date.now();
			this._outbox = this._outbox.filter(function (queued) {
				if (queued.deadline === undefined || now < queued.deadline) {
					return true;
				}
				global.clearTimeout(queued.timer);
				var pending = self._pending[queued.id];
				if (pending) {
					delete self._pending[queued.id];
					pending.reject(new Error('not sent: the socket was not back within ' + self._queueTimeout + ' ms'));
				}
				return false;
			});
		},

		// Back from a sleep or the back/forward cache: what the queued calls' timers had left to wait
		// is not what their deadlines have left.
		_catchUpDeadlines: function () {
			var self = this;
			this._expireQueued();
			this._outbox.forEach(function (queued) {
				if (queued.deadline !== undefined) {
					self._armDeadline(queued);
				}
			});
		},

		_scheduleReconnect: function (idIsDead) {
			var self = this;
			if (idIsDead) {
				this._idIsDead = true;
			}
			this._setState('connecting');
			// A page in the back/forward cache connects when it is restored, not before.
			if (this._cached) {
				return;
			}
			var delay = Math.min(MAX_DELAY, MIN_DELAY * Math.pow(2, this._attempts++));
			delay = delay / 2 + Math.random() * delay / 2;
			this._reconnectTimer = global.setTimeout(function () {
				self._reconnectTimer = null;
				self._reconnect();
			}, delay);
		},

		_reconnect: function () {
			if (this._closedByUser) {
				return;
			}
			// Within the resume window the same id gets its subscriptions back; after it the id
			// is dead, so ask for a fresh one instead of retrying forever.
			if (this._idIsDead || Date.now() - this._lostAt > RESUME_WINDOW) {
				this._renew();
			} else {
				this._open();
			}
		},

		// After a laptop slept or the network changed, a socket still looks open while its peer
		// is long gone, and only the next ping would tell, up to a ping cycle later; a client
		// waiting out its backoff would wait on, though the network is back. The browser says when
		// it is back: check then.
		_watchBrowser: function () {
			var self = this;
			this._onOnline = function () {
				self._checkNow();
			};
			this._onVisibilityChange = function () {
				if (document.visibilityState === 'visible') {
					self._catchUpDeadlines();
					self._checkNow();
				}
			};
			// Firefox, and Chrome until recently, keep no page with an open WebSocket in their
			// back/forward cache; a browser that closes the socket itself (Safari, Chrome now) tells
			// of its close only once the page is back. So the socket closes as the page goes into the
			// cache (pagehide says persisted before the browser looks for open sockets), and the page
			// connects again at once when it is restored: with its id within the resume window, as
			// after any close, and with a fresh one (renewed) after it. A page that is not kept is
			// being discarded, socket and all.
			this._onPageHide = function (event) {
				if (event.persisted) {
					self._leaveForCache();
				}
			};
			this._onPageShow = function (event) {
				if (event.persisted) {
					self._restoreFromCache();
				}
			};
			global.addEventListener('online', this._onOnline);
			document.addEventListener('visibilitychange', this._onVisibilityChange);
			global.addEventListener('pagehide', this._onPageHide);
			global.addEventListener('pageshow', this._onPageShow);
		},

		_unwatchBrowser: function () {
			global.removeEventListener('online', this._onOnline);
			document.removeEventListener('visibilitychange', this._onVisibilityChange);
			global.removeEventListener('pagehide', this._onPageHide);
			global.removeEventListener('pageshow', this._onPageShow);
			if (this._pageObserver) {
				this._pageObserver.disconnect();
			}
		},

		_leaveForCache: function () {
			this._cached = true;
			global.clearTimeout(this._reconnectTimer);
			this._reconnectTimer = null;
			if (this._letGo) {
				this._letGo(1000, 'page kept in the back/forward cache');
			}
		},

		_restoreFromCache: function () {
			if (!this._cached) {
				return;
			}
			this._cached = false;
			this._catchUpDeadlines();
			// A fresh id still being fetched opens its socket when it comes.
			if (!this._renewing) {
				this._reconnect();
			}
		},

		// A page that swaps in the next page without a full load leaves this client running, with
		// the old page's id: the new page's controller subscribed the new page's id, so the pushes
		// for the new page would go to an id nobody connects with. Watch for a new <body> (Turbo
		// Drive), for new content in it (htmx's boost) and for its attribute changing (any other
		// script), whichever library does it; and only those, not the whole page, which changes
		// all the time.
		_followPage: function () {
			var self = this;
			var Observer = global.MutationObserver;
			if (this._pageId) {
				return;
			}
			this._pageId = this.connectionId;
			if (!Observer || !document.documentElement) {
				return;
			}
			var watched = null;
			var watch = function () {
				if (document.body === watched) {
					return;
				}
				watched = document.body;
				self._pageObserver.disconnect();
				self._pageObserver.observe(document.documentElement, { childList: true });
				if (watched) {
					self._pageObserver.observe(watched, { childList: true, attributes: true, attributeFilter: [ATTRIBUTE] });
				}
			};
			this._pageObserver = new Observer(function () {
				watch();
				self._turnPage();
			});
			watch();
		},

		// The page shows another id than the one this client last took from it: a new page came in.
		// Turbo Drive first shows a copy of the page from its cache while it fetches the page itself;
		// the copy's id is an old one, and the page fetched brings the new one.
		_turnPage: function () {
			var connectionId = pageConnectionId();
			if (!connectionId || connectionId === this._pageId || this._closedByUser
					|| (document.documentElement && document.documentElement.hasAttribute('data-turbo-preview'))) {
				return;
			}
			this._pageId = connectionId;
			this._pageTurns++;
			// The old page's id is given up as a full load gives it up, by closing its socket (the
			// server drops it after the resume window). Calls sent on that socket cannot get their
			// replies; calls waiting to be sent go out on the new socket, as the new page's.
			var socket = this._socket;
			var letGo = this._letGo;
			this._socket = null;
			if (socket) {
				letGo(1000, 'page left');
			}
			this._failSent('the page changed before the reply');
			global.clearTimeout(this._reconnectTimer);
			this._reconnectTimer = null;
			this.connectionId = connectionId;
			this._idClaimed = false;
			this._idIsDead = false;
			this._renewed = false;
			this._attempts = 0;
			this._lostAt = Date.now();
			this._heardAt = Date.now();
			this._setState('connecting');
			this._emit('navigated', { connectionId: connectionId });
			if (!this._closedByUser) {
				this._open();
			}
		},

		// A healthy socket answers and is kept; one waiting for an answer already needs no other.
		// A socket being opened or an id being fetched is left to finish.
		_checkNow: function () {
			if (this.state === 'open') {
				if (this._pingAwaited !== this._socket) {
					this._ping();
				}
			} else if (this._reconnectTimer) {
				global.clearTimeout(this._reconnectTimer);
				this._reconnectTimer = null;
				this._reconnect();
			}
		},

		_renew: function () {
			var self = this;
			this._renewing = true;
			var pageTurns = this._pageTurns;
			// X-Requested-With: Spring Security's HTTP Basic (on in Boot's default security) answers
			// a request so marked with a bare 401; without it, its WWW-Authenticate: Basic has the
			// browser hold this request and prompt the user for a password, after a logout say.
			fetch(connectionEndpointUrl(), {
				credentials: 'same-origin',
				headers: { 'Accept': 'application/json', 'X-Requested-With': 'XMLHttpRequest' }
			}).then(function (response) {
				if (self._closedByUser || self._pageTurns !== pageTurns) {
					return null;
				}
				// No session with a socket key (403), or a login standing between the page and one:
				// Spring Security's 401, or its redirect to a login page, which fetch follows. Nothing
				// to connect as until a page is loaded again; asking on would never end.
				if (response.status === 401 || response.status === 403 || response.redirected) {
					self._giveUp();
					return null;
				}
				if (!response.ok) {
					throw new Error('connection id endpoint answered ' + response.status);
				}
				return response.json();
			}).then(function (body) {
				self._renewing = false;
				if (body === null || self._closedByUser || self._pageTurns !== pageTurns) {
					return;
				}
				self.connectionId = body.connection_id;
				self._idClaimed = false;
				self._idIsDead = false;
				self._lostAt = Date.now();
				self._renewed = true;
				if (!self._cached) {
					self._open();
				}
			}).catch(function () {
				self._renewing = false;
				if (!self._closedByUser && self._pageTurns === pageTurns) {
					self._scheduleReconnect();
				}
			});
		},

		_giveUp: function () {
			this._end('the session ended');
		},

		// No more sockets. A socket's own close may never come (it had dropped already) or may
		// not count (it never opened): what waits settles here.
		_end: function (reason) {
			this._closedByUser = true;
			this._stopPings();
			this._unwatchBrowser();
			global.clearTimeout(this._reconnectTimer);
			this._outbox.forEach(function (queued) { global.clearTimeout(queued.timer); });
			this._outbox = [];
			this._failPending(reason);
			this._setState('closed');
		},

		_startPings: function () {
			var self = this;
			this._stopPings();
			this._pinger = global.setInterval(function () {
				self._ping();
			}, PING_INTERVAL);
		},

		_ping: function () {
			var self = this;
			var answered = false;
			// The socket this ping goes out on: if it closes and another opens before the
			// timeout, the timeout must not close the new one.
			var socket = this._socket;
			var letGo = this._letGo;
			this._pingAwaited = socket;
			this.send({ action: 'ping' }).then(function () { answered = true; }, function (error) {
				// An error reply came over the socket too (429: too many calls in flight, 503:
				// the server is busy): it is alive, and closing it would fail the calls it carries.
				if (error.name === 'RealtimeError') {
					answered = true;
				}
			}).then(function () {
				if (self._pingAwaited === socket) {
					self._pingAwaited = null;
				}
			});
			global.setTimeout(function () {
				// No answer: the network dropped without a word. The browser reports the close of
				// such a socket only once the server answers it or the browser stops waiting for
				// that, which may be past the resume window: let it go now and reconnect.
				if (!answered && self.state === 'open' && self._socket === socket) {
					letGo(4000, 'no answer to ping');
				}
			}, PING_TIMEOUT);
		},

		_stopPings: function () {
			if (this._pinger) {
				global.clearInterval(this._pinger);
				this._pinger = null;
			}
		},

		// The calls sent on a socket that is given up, not those still waiting for one: those go
		// out on the next socket, and their promises with them.
		_failSent: function (reason) {
			var waiting = {};
			this._outbox.forEach(function (queued) {
				waiting[queued.id] = true;
			});
			var pending = this._pending;
			this._pending = {};
			var self = this;
			Object.keys(pending).forEach(function (id) {
				if (waiting[id]) {
					self._pending[id] = pending[id];
				} else {
					pending[id].reject(new Error(reason));
				}
			});
		},

		_failPending: function (reason) {
			var pending = this._pending;
			this._pending = {};
			Object.keys(pending).forEach(function (id) {
				pending[id].reject(new Error(reason));
			});
		},

		_setState: function (state) {
			if (this.state !== state) {
				this.state = state;
				this._emit('state', state);
			}
		},

		_emit: function (type, detail) {
			(this._listeners[type] || []).slice().forEach(function (listener) {
				invoke(listener, detail);
			});
		}

	};

	// By the id each was connected with, which stays the client's key when it renews its id or
	// follows the page to another.
	var clients = {};
	// The client made from the page's id, which follows the page.
	var pageClient = null;

	global.Realtime = {
		// One client per connection id: a second client would claim the same id with a second
		// socket, which the server refuses while the first holds it. Until the client is closed,
		// connecting again hands it out, as it is (the options of later calls are not applied).
		// Without an id given, that is the page's client: a script of a page swapped in without
		// a full load (Turbo Drive runs the new <body>'s scripts) gets it, following the new page.
		connect: function (options) {
			options = options || {};
			if (!options.connectionId && !document.body) {
				throw new Error('Realtime: no <body> yet to read data-socket-connection-id from: call connect() '
					+ 'from a script inside <body>, or one with defer');
			}
			if (!options.connectionId && pageClient && pageClient.state !== 'closed') {
				pageClient._turnPage();
				return pageClient;
			}
			var connectionId = options.connectionId || pageConnectionId();
			if (!connectionId) {
				throw new Error('Realtime: no connection id (is data-socket-connection-id on <body>?)');
			}
			var client = clients[connectionId];
			if (!client || client.state === 'closed') {
				client = new Client(connectionId, options);
				clients[connectionId] = client;
			}
			if (!options.connectionId) {
				pageClient = client;
				client._followPage();
			}
			return client;
		}
	};

})(window);
