/**
 * Sends `total` copies of `payload` on an open `ws` socket whose peer echoes each one, keeping
 * `window` in flight, and resolves with the seconds from the first send to the last echo.
 */
export function windowedEcho(socket, payload, total, window) {
  let sent = 0;
  let received = 0;
  const began = performance.now();
  return new Promise((resolve) => {
    socket.on('message', () => {
      received++;
      if (received === total) resolve((performance.now() - began) / 1000);
      else if (sent < total) {
        sent++;
        socket.send(payload);
      }
    });
    for (; sent < window; sent++) socket.send(payload);
  });
}
