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

window.socket = new WebSocket(wsUrl);

window.socket.onopen = function (event) {
  console.log('socket opened');
};

window.socket.onmessage = function (evt) {
  console.log('socket message');
  console.log(JSON.parse(evt.data));
};
