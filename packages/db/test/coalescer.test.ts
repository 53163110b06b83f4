import { describe, expect, it, vi } from 'vitest';
import { Coalescer, Failed } from '../src/coalescer.js';

/** A runner whose groups finish when the test says so; it records every group it was given. */
function controlledRunner() {
  const groups: number[][] = [];
  const finish: (() => void)[] = [];
  const run = (items: readonly number[]) => {
    groups.push([...items]);
    return new Promise<(number | Failed)[]>((resolve) =>
      finish.push(() => resolve(items.map((item) => (item < 0 ? new Failed(new Error(`bad ${item}`)) : item * 10)))),
    );
  };
  return { groups, finish, run };
}

describe('Coalescer', () => {
  it('runs a lone item at once, and gathers what arrives meanwhile into the next group', async () => {
    const { groups, finish, run } = controlledRunner();
    const coalescer = new Coalescer(run, { maxWeight: 100 });
    const first = coalescer.submit(1);
    await vi.waitFor(() => expect(groups).toEqual([[1]]));
    const later = [coalescer.submit(2), coalescer.submit(3), coalescer.submit(4)];
    // Nothing else starts while the first group runs.
    await new Promise((resolve) => setImmediate(resolve));
    expect(groups).toEqual([[1]]);
    finish[0]?.();
    expect(await first).toBe(10);
    await vi.waitFor(() => expect(groups).toEqual([[1], [2, 3, 4]]));
    finish[1]?.();
    expect(await Promise.all(later)).toEqual([20, 30, 40]);
  });

  it('puts items handed over in one turn into one group', async () => {
    const { groups, finish, run } = controlledRunner();
    const coalescer = new Coalescer(run, { maxWeight: 100 });
    const results = Promise.all([1, 2, 3].map((n) => coalescer.submit(n)));
    await vi.waitFor(() => expect(groups).toEqual([[1, 2, 3]]));
    finish[0]?.();
    expect(await results).toEqual([10, 20, 30]);
  });

  it('caps a group by weight; an item heavier than the cap goes alone', async () => {
    const { groups, finish, run } = controlledRunner();
    const coalescer = new Coalescer(run, { maxWeight: 5, weight: (n) => n });
    const results = Promise.all([2, 3, 1, 9, 4].map((n) => coalescer.submit(n)));
    for (let i = 0; i < 3; i++) {
      await vi.waitFor(() => expect(groups).toHaveLength(i + 1));
      finish[i]?.();
    }
    await vi.waitFor(() => expect(groups).toHaveLength(4));
    finish[3]?.();
    expect(await results).toEqual([20, 30, 10, 90, 40]);
    expect(groups).toEqual([[2, 3], [1], [9], [4]]);
  });

  it('fails only the items the runner failed; a runner that throws fails its whole group', async () => {
    const { finish, run } = controlledRunner();
    const coalescer = new Coalescer(run, { maxWeight: 100 });
    const results = Promise.allSettled([1, -2, 3].map((n) => coalescer.submit(n)));
    await vi.waitFor(() => expect(finish).toHaveLength(1));
    finish[0]?.();
    expect((await results).map((r) => (r.status === 'fulfilled' ? r.value : String(r.reason)))).toEqual([
      10,
      'Error: bad -2',
      30,
    ]);

    const broken = new Coalescer<number, number>(() => Promise.reject(new Error('down')), { maxWeight: 100 });
    const both = await Promise.allSettled([broken.submit(1), broken.submit(2)]);
    expect(both.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });

  it('settles an item with a promise its group handed on', async () => {
    const coalescer: Coalescer<number, number> = new Coalescer(
      (items) => Promise.resolve(items.map((n) => (n > 1 ? coalescer.submit(n - 1).then((m) => m + 1) : 1))),
      { maxWeight: 100 },
    );
    expect(await coalescer.submit(4)).toBe(4);
  });

  it('is drained once nothing waits and nothing runs', async () => {
    const { finish, run } = controlledRunner();
    const coalescer = new Coalescer(run, { maxWeight: 100 });
    await coalescer.drained();
    const result = coalescer.submit(1);
    let drained = false;
    const done = coalescer.drained().then(() => {
      drained = true;
    });
    await vi.waitFor(() => expect(finish).toHaveLength(1));
    expect(drained).toBe(false);
    finish[0]?.();
    await done;
    expect(await result).toBe(10);
  });
});
