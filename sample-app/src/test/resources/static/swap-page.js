// The pages of PageSwapBrowserTests: they record the pushes that reach them, and show their
// client's state. Run once, by the first page loaded in full: the pages that htmx or Turbo Drive
// swap in after it have the same <head>, whose scripts neither runs again.
(function () {
	'use strict';

	window.received = [];
	var realtime = Realtime.connect();
	window.realtime = realtime;
	['first', 'second'].forEach(function (channel) {
		realtime.on(channel, function (payload) {
			window.received.push(channel + ': ' + payload.text);
		});
	});

	function show(state) {
		document.getElementById('status').setAttribute('data-state', state);
	}

	realtime.addEventListener('state', show);
	show(realtime.state);
})();
