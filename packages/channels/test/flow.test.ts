import { EventEmitter } from 'node:events';
import type { Pdu, Session } from '@smshub/protocols';
import { describe, expect, it } from 'vitest';
import { ChannelFlow, ChannelUnavailableError, WaitedTooLongError } from '../src/index.js';

/** Just enough of a bound session for the flow to choose it. */
function fakeSession(): Session<Pdu> {
  return Object.assign(new EventEmitter(), {
    state: 'bound',
    windowFree: 16,
    queuedCount: 0,
    inFlightCount: 0,
    options: { window: 16 },
    oldestInFlightMs: () => 0,
  }) as unknown as Session<Pdu>;
}

describe('ChannelFlow', () => {
  it('serves higher priorities first, in order within one', async () => {
    const flow = new ChannelFlow<Pdu>(5); // burst 1, then one every 200 ms
    flow.addSession(fakeSession());
    const order: string[] = [];
    const take = (name: string, priority: 0 | 1 | 2 | 3) => flow.acquire({ priority }).then(() => order.push(name));
    await Promise.all([take('m1', 0), take('m2', 0), take('m3', 0), take('alarm', 3), take('code', 2)]);
    expect(order).toEqual(['m1', 'alarm', 'code', 'm2', 'm3']);
  });

  it('gives up at notAfter, so the message can go to another channel', async () => {
    const flow = new ChannelFlow<Pdu>(2); // one every 500 ms
    flow.addSession(fakeSession());
    await flow.acquire();
    const late = flow.acquire({ notAfter: Date.now() + 100 });
    await expect(late).rejects.toBeInstanceOf(WaitedTooLongError);
    // The next waiter is not held up by the one that gave up.
    const started = Date.now();
    await flow.acquire();
    expect(Date.now() - started).toBeLessThan(600);
  });

  it('says unavailable when no bind comes up, but waits for budget while one is up', async () => {
    const unbound = new ChannelFlow<Pdu>(100, Date.now, 100);
    await expect(unbound.acquire()).rejects.toBeInstanceOf(ChannelUnavailableError);
    const slow = new ChannelFlow<Pdu>(4, Date.now, 100); // one every 250 ms
    slow.addSession(fakeSession());
    await slow.acquire();
    await slow.acquire();
    // Longer than the unavailability limit, yet it resolves: waiting for budget is not unavailability.
    await expect(slow.acquire()).resolves.toBeDefined();
  });

  it("hands out no more than a bind's window until the caller releases a slot", async () => {
    // The slot stays taken after the response until `release`: the caller records the answer
    // first (the acknowledgement journal), so the next submit goes out only after that.
    const flow = new ChannelFlow<Pdu>(1_000);
    const session = fakeSession(); // window 16
    flow.addSession(session);
    const granted: number[] = [];
    const all = Array.from({ length: 20 }, (_, i) => flow.acquire().then(() => granted.push(i)));
    await expect.poll(() => granted.length).toBe(16);
    expect(flow.waiting).toBe(4);
    flow.release(session);
    await expect.poll(() => granted.length).toBe(17);
    for (let i = 0; i < 3; i++) flow.release(session);
    await Promise.all(all);
    expect(granted).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('slows down on throttling and recovers', () => {
    let now = 0;
    const flow = new ChannelFlow<Pdu>(100, () => now);
    flow.throttled();
    expect(flow.allowedTps).toBe(67);
    flow.recover();
    expect(flow.allowedTps).toBe(67); // not 5 s yet
    now += 5_000;
    flow.recover();
    expect(flow.allowedTps).toBe(77);
  });
});
