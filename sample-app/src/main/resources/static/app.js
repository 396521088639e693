// The chat page: connects to the realtime socket, shows each message pushed to "chat" as it
// arrives, and posts new messages to POST /messages.
(function () {
	'use strict';

	var list = document.getElementById('messages');
	var empty = document.getElementById('empty');
	var status = document.getElementById('status');
	var form = document.getElementById('message-form');
	var field = document.getElementById('content');
	var send = document.getElementById('send');
	var formError = document.getElementById('form-error');

	// The socket URL, built as in Pakyow's realtime guide from the page's connection id.
	function socketUrl() {
		var wsUrl = '';
		var host = window.location.hostname;
		var port = window.location.port;
		if (window.location.protocol === 'http:') {
			wsUrl += 'ws://';
		} else if (window.location.protocol === 'https:') {
			wsUrl += 'wss://';
		}
		wsUrl += host;
		if (port) {
			wsUrl += ':' + port;
		}
		var conn = document.getElementsByTagName('body')[0].getAttribute('data-socket-connection-id');
		wsUrl += '/?socket_connection_id=' + conn;
		return wsUrl;
	}

	function setStatus(state, text) {
		status.setAttribute('data-state', state);
		status.textContent = text;
	}

	// A socket that closes may come back with the same id within the server's resume window
	// (30 s by default) and gets its subscriptions back.
	var retries = 0;
	var leaving = false;

	function connect() {
		var socket = new WebSocket(socketUrl());
		socket.onopen = function () {
			retries = 0;
			setStatus('open', 'connected');
		};
		socket.onmessage = function (event) {
			var frame = JSON.parse(event.data);
			if (frame.channel === 'chat' && frame.payload) {
				show(frame.payload);
			}
		};
		socket.onclose = function () {
			if (leaving) {
				return;
			}
			if (retries < 5) {
				var delay = 500 * Math.pow(2, retries++);
				setStatus('connecting', 'reconnecting…');
				window.setTimeout(connect, delay);
			} else {
				setStatus('closed', 'disconnected: reload the page');
			}
		};
	}

	function show(message) {
		var item = document.createElement('li');
		item.className = 'message';
		var content = document.createElement('p');
		content.className = 'content';
		content.textContent = message.content;
		var sentAt = document.createElement('time');
		sentAt.className = 'sent-at';
		sentAt.dateTime = message.sent_at;
		sentAt.title = message.sent_at;
		sentAt.textContent = new Date(message.sent_at).toLocaleTimeString();
		item.appendChild(content);
		item.appendChild(sentAt);
		list.appendChild(item);
		empty.hidden = true;
		list.scrollTop = list.scrollHeight;
	}

	function showError(text) {
		formError.textContent = text;
		formError.hidden = !text;
	}

	// The message comes back through the socket, as it does for everyone else.
	form.addEventListener('submit', function (event) {
		event.preventDefault();
		send.disabled = true;
		fetch(form.action, {
			method: 'POST',
			headers: { 'Accept': 'application/json' },
			body: new URLSearchParams({ content: field.value })
		}).then(function (response) {
			return response.json().catch(function () {
				return {};
			}).then(function (body) {
				if (response.status === 201) {
					field.value = '';
					showError('');
				} else {
					showError(body.error || ('Could not send (' + response.status + ')'));
				}
			});
		}).catch(function () {
			showError('Could not send: the server is unreachable');
		}).finally(function () {
			send.disabled = false;
			field.focus();
		});
	});

	field.addEventListener('keydown', function (event) {
		if (event.key === 'Enter' && !event.shiftKey) {
			event.preventDefault();
			form.requestSubmit();
		}
	});

	window.addEventListener('beforeunload', function () {
		leaving = true;
	});

	// With /?connect=false the page leaves its connection id to the guide's snippet, pasted into
	// the browser's console: one socket holds an id at a time.
	if (document.querySelector('.chat').getAttribute('data-connect') === 'false') {
		setStatus('closed', 'not connected: paste the guide\'s snippet into the console');
	}
	else {
		connect();
	}
}());
