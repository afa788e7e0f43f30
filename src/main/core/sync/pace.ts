/**
 * How many ranges are listed at once. Fixed for 'prefixes' and 'flat'; for
 * 'auto' it starts at one and doubles while each step lists clearly faster
 * than the one before (a remote store scales with requests in flight; a
 * small or saturated server does not, and extra requests only load it), then
 * settles on the best step. A 503 SlowDown halves it for good.
 */
export class Pace {
  private started = performance.now();
  private objects = 0;
  private pages = 0;
  private previous: { target: number; rate: number } | null = null;
  /** Steps start once there are prefixes to cut at; until then one range is all there is. */
  private measuring = false;

  constructor(
    public target: number,
    private readonly most: number,
    private adapting: boolean,
    private readonly ramp: { windowMs: number; minPages: number; gain: number } = { windowMs: 1500, minPages: 4, gain: 1.2 },
  ) {}

  /** The prefixes are known: the first step (one range) is measured from here. */
  begin(): void {
    this.measuring = true;
    this.started = performance.now();
    this.objects = 0;
    this.pages = 0;
  }

  counted(objects: number): void {
    this.objects += objects;
    this.pages++;
    if (!this.adapting || !this.measuring) return;
    const elapsed = performance.now() - this.started;
    if (elapsed < this.ramp.windowMs || this.pages < this.ramp.minPages) return;
    const rate = this.objects / elapsed;
    if (this.previous && rate < this.previous.rate * this.ramp.gain) {
      this.target = this.previous.target; // no better than the step before: go back to it and stay
      this.adapting = false;
      return;
    }
    if (this.target >= this.most) {
      this.adapting = false;
      return;
    }
    this.previous = { target: this.target, rate };
    this.target = Math.min(this.most, this.target * 2);
    this.started = performance.now();
    this.objects = 0;
    this.pages = 0;
  }

  throttled(): void {
    this.target = Math.max(1, Math.floor(this.target / 2));
    this.adapting = false;
  }
}
