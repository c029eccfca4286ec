// Issue 20: a misspelled field of a config object (plain JavaScript gets no compile error) is
// RTC_ERR_INVALID, and the logger callback is told which field.
import { expect, test } from 'vitest';
import {
  RTC_ERR_INVALID,
  RTC_LOG_WARNING,
  rtcCreateDataChannelEx,
  rtcCreatePeerConnection,
  rtcCreateWebSocketEx,
  rtcCreateWebSocketServer,
  rtcDeletePeerConnection,
  rtcInitLogger,
} from '../src/index.js';

test('unknown config fields are RTC_ERR_INVALID, named to the logger', () => {
  const lines: string[] = [];
  rtcInitLogger(RTC_LOG_WARNING, (_level, message) => lines.push(message));
  const js = (config: object) => config as never;
  expect(rtcCreatePeerConnection(js({ iceServer: [] }))).toBe(RTC_ERR_INVALID);
  expect(rtcCreateWebSocketEx('ws://127.0.0.1:9/', js({ pingInterval: 1 }))).toBe(RTC_ERR_INVALID);
  expect(rtcCreateWebSocketServer(js({ prot: 0 }), () => {})).toBe(RTC_ERR_INVALID);
  const pc = rtcCreatePeerConnection({ bindAddress: '127.0.0.1' });
  expect(pc).toBeGreaterThan(0);
  expect(rtcCreateDataChannelEx(pc, 'x', js({ ordered: true }))).toBe(RTC_ERR_INVALID);
  expect(rtcCreateDataChannelEx(pc, 'x', js({ reliability: { unorderd: true } }))).toBe(
    RTC_ERR_INVALID,
  );
  rtcDeletePeerConnection(pc);
  rtcInitLogger(RTC_LOG_WARNING, null);
  for (const field of ['iceServer', 'pingInterval', 'prot', 'ordered', 'unorderd'])
    expect(
      lines.some((line) => line.includes(`"${field}"`)),
      field,
    ).toBe(true);
});
