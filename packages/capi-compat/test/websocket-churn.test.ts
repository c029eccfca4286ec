// libdatachannel 0.24.5's poll thread can hand a closed socket's error event to a new socket
// with the same descriptor: a connection that succeeded is reported as "TCP connection failed"
// (about 0.3-0.7% of sequential loopback opens). @rxdc/native retries such a quick failure on a
// new native object; this churn fails without that retry.
import { expect, test } from 'vitest';
import {
  RTC_ERR_SUCCESS,
  rtcCreateWebSocket,
  rtcCreateWebSocketServer,
  rtcDeleteWebSocket,
  rtcDeleteWebSocketServer,
  rtcGetWebSocketServerPort,
  rtcSetClosedCallback,
  rtcSetErrorCallback,
  rtcSetOpenCallback,
} from '../src/index.js';

const OPENS = 5_000;

test(`${OPENS} sequential client WebSockets to one server: every one opens, none errors`, async () => {
  const accepted: number[] = [];
  const server = rtcCreateWebSocketServer({ port: 0, bindAddress: '127.0.0.1' }, (_srv, ws) => {
    accepted.push(ws);
    // The server side closes when its client does: freed then.
    rtcSetClosedCallback(ws, (id) => void rtcDeleteWebSocket(id));
  });
  expect(server).toBeGreaterThan(0);
  const url = `ws://127.0.0.1:${rtcGetWebSocketServerPort(server)}/churn`;
  const errors: string[] = [];
  let opened = 0;
  for (let i = 0; i < OPENS; i++) {
    const outcome = await new Promise<string>((resolve) => {
      const ws = rtcCreateWebSocket(url);
      expect(ws).toBeGreaterThan(0);
      const timer = setTimeout(() => resolve('no open within 10 s'), 10_000);
      rtcSetOpenCallback(ws, () => {
        clearTimeout(timer);
        resolve('open');
        rtcDeleteWebSocket(ws);
      });
      rtcSetErrorCallback(ws, (_id, error) => {
        clearTimeout(timer);
        resolve(`error: ${error}`);
        rtcDeleteWebSocket(ws);
      });
      rtcSetClosedCallback(ws, () => {
        clearTimeout(timer);
        resolve('closed before it opened');
      });
    });
    if (outcome === 'open') opened++;
    else errors.push(`open ${i}: ${outcome}`);
  }
  expect(errors.slice(0, 10)).toEqual([]);
  expect(opened).toBe(OPENS);
  expect(accepted.length).toBeGreaterThanOrEqual(OPENS);
  expect(rtcDeleteWebSocketServer(server)).toBe(RTC_ERR_SUCCESS);
}, 300_000);
