// The chat page, on the starter's JavaScript client: it shows what is pushed to "chat" and to
// the rooms it joined, and posts messages and joins rooms by calling routes over the socket.
(function () {
	'use strict';

	var list = document.getElementById('messages');
	var empty = document.getElementById('empty');
	var status = document.getElementById('status');
	var form = document.getElementById('message-form');
	var field = document.getElementById('content');
	var send = document.getElementById('send');
	var formError = document.getElementById('form-error');
	var tabs = document.getElementById('room-tabs');
	var roomForm = document.getElementById('room-form');
	var roomName = document.getElementById('room-name');

	var STATUS_TEXT = { open: 'connected', connecting: 'reconnecting…', closed: 'disconnected' };
	// A route called over the socket is named by its request URI, context path included, as in
	// an HTTP request: the application's root comes from the page, which Thymeleaf wrote it into.
	var root = document.querySelector('.chat').getAttribute('data-root');
	var target = 'chat';
	var rooms = [];

	function setStatus(state, text) {
		status.setAttribute('data-state', state);
		status.textContent = text || STATUS_TEXT[state] || state;
	}

	function show(message, channel) {
		var item = document.createElement('li');
		item.className = 'message';
		item.setAttribute('data-channel', channel);
		if (channel !== 'chat') {
			var label = document.createElement('span');
			label.className = 'channel';
			label.textContent = '#' + channel.replace(/^room:/, '');
			item.appendChild(label);
		}
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

	function errorOf(reply) {
		try {
			return reply.json().error;
		} catch (e) {
			return null;
		}
	}

	// With /?connect=false the page leaves its connection id to the guide's snippet, pasted into
	// the browser's console: one socket holds an id at a time.
	if (document.querySelector('.chat').getAttribute('data-connect') === 'false') {
		setStatus('closed', 'not connected: paste the guide\'s snippet into the console');
		return;
	}

	var realtime = Realtime.connect();
	window.realtime = realtime; // for the browser's console
	realtime.addEventListener('state', function (state) { setStatus(state); });
	realtime.on('chat', show);

	// A fresh id starts with no subscriptions: join again what this page had joined.
	realtime.addEventListener('renewed', function () {
		realtime.call('post', root + 'chat/join');
		rooms.forEach(function (room) { realtime.call('post', root + 'rooms/' + room + '/join'); });
	});

	function selectTarget(channel) {
		target = channel;
		Array.prototype.forEach.call(tabs.querySelectorAll('.room-tab'), function (tab) {
			tab.setAttribute('aria-pressed', String(tab.getAttribute('data-channel') === channel));
		});
		field.placeholder = 'Write to #' + channel.replace(/^room:/, '')
			+ ' (Enter sends, Shift+Enter for a new line)';
		field.focus();
	}

	tabs.addEventListener('click', function (event) {
		var tab = event.target.closest('.room-tab');
		if (tab) {
			selectTarget(tab.getAttribute('data-channel'));
		}
	});

	roomForm.addEventListener('submit', function (event) {
		event.preventDefault();
		var room = roomName.value.trim();
		realtime.call('post', root + 'rooms/' + encodeURIComponent(room) + '/join').then(function (reply) {
			if (!reply.ok) {
				showError(errorOf(reply) || ('Could not join (' + reply.status + ')'));
				return;
			}
			var channel = reply.json().channel;
			if (rooms.indexOf(room) === -1) {
				rooms.push(room);
				realtime.on(channel, show);
				var item = document.createElement('li');
				var tab = document.createElement('button');
				tab.type = 'button';
				tab.className = 'room-tab';
				tab.setAttribute('data-channel', channel);
				tab.textContent = '#' + room;
				item.appendChild(tab);
				tabs.appendChild(item);
			}
			roomName.value = '';
			showError('');
			selectTarget(channel);
		}, function (error) {
			showError('Could not join: ' + error.message);
		});
	});

	// The message comes back through the socket, as it does for everyone else.
	form.addEventListener('submit', function (event) {
		event.preventDefault();
		// Enter submits the form even while Send is disabled: one message on its way at a time.
		if (send.disabled) {
			return;
		}
		send.disabled = true;
		var uri = root + ((target === 'chat') ? 'messages' : 'rooms/' + target.replace(/^room:/, '') + '/messages');
		realtime.call('post', uri, { content: field.value }).then(function (reply) {
			if (reply.status === 201) {
				field.value = '';
				showError('');
			} else {
				showError(errorOf(reply) || ('Could not send (' + reply.status + ')'));
			}
		}, function (error) {
			showError('Could not send: ' + error.message);
		}).then(function () {
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
}());
