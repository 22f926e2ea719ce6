import { KeyedSerializer } from './keyed-serializer.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('KeyedSerializer', () => {
  it('runs tasks of one key one at a time, in order', async () => {
    const serializer = new KeyedSerializer();
    const events: string[] = [];
    const task = (id: number) => async () => {
      events.push(`start ${id}`);
      await tick();
      events.push(`end ${id}`);
      return id;
    };
    const results = await Promise.all([1, 2, 3].map((id) => serializer.run('owner-a', task(id))));
    expect(results).toEqual([1, 2, 3]);
    expect(events).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
  });

  it('runs different keys concurrently', async () => {
    const serializer = new KeyedSerializer();
    let running = 0;
    let peak = 0;
    const task = async () => {
      running++;
      peak = Math.max(peak, running);
      await tick();
      running--;
    };
    await Promise.all(['a', 'b', 'c'].map((key) => serializer.run(key, task)));
    expect(peak).toBe(3);
  });

  it('keeps going after a failed task and forgets idle keys', async () => {
    const serializer = new KeyedSerializer();
    const failed = serializer.run('k', () => Promise.reject(new Error('boom')));
    const next = serializer.run('k', () => Promise.resolve('after'));
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('after');
    await tick();
    expect(serializer.activeKeys).toBe(0);
  });
});
