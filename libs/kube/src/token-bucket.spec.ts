import { type Clock, TokenBucket } from './token-bucket.js';

function fakeClock() {
  let now = 0;
  const slept: number[] = [];
  const clock: Clock = {
    now: () => now,
    sleep: (ms) => {
      slept.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
  return { clock, slept, advance: (ms: number) => (now += ms) };
}

describe('TokenBucket', () => {
  it('lets a burst through at once, then paces callers at qps', async () => {
    const { clock, slept } = fakeClock();
    const bucket = new TokenBucket(10, 3, clock);
    for (let i = 0; i < 3; i++) await bucket.take();
    expect(slept).toEqual([]);
    await bucket.take();
    expect(slept).toEqual([100]);
  });

  it('makes concurrent callers wait in line, each a token later than the one before', () => {
    const { clock } = fakeClock();
    const bucket = new TokenBucket(5, 1, clock);
    expect([bucket.reserve(), bucket.reserve(), bucket.reserve()]).toEqual([0, 200, 400]);
  });

  it('refills over time but never beyond the burst', () => {
    const { clock, advance } = fakeClock();
    const bucket = new TokenBucket(2, 2, clock);
    bucket.reserve();
    bucket.reserve();
    advance(60_000);
    expect([bucket.reserve(), bucket.reserve(), bucket.reserve()]).toEqual([0, 0, 500]);
  });

  it('refuses a rate that would never produce a token', () => {
    expect(() => new TokenBucket(0, 1)).toThrow('qps > 0');
  });
});
