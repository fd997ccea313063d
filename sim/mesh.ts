// The 2-D mesh network: XY routing, hopLatency cycles per hop, one flit per link per cycle.
// Links serve flits in the order their sends issued (each link keeps the cycle it is next free).

export class Mesh {
  /** Per link (router id × 4 + direction: 0 east, 1 west, 2 south, 3 north): next free cycle. */
  readonly linkFree: Float64Array;
  /** Cycles flits waited for busy links (link contention), summed. */
  waitCycles = 0;

  constructor(
    readonly width: number,
    pes: number,
    readonly hopLatency: number,
  ) {
    this.linkFree = new Float64Array(pes * 4);
  }

  hops(src: number, dest: number): number {
    const W = this.width;
    return Math.abs((dest % W) - (src % W)) + Math.abs(Math.floor(dest / W) - Math.floor(src / W));
  }

  /** Inject `flits` flits from src to dest, one per cycle from cycle t; returns the last arrival. */
  send(src: number, dest: number, t: number, flits: number): number {
    const W = this.width;
    const dx = dest % W;
    const dy = Math.floor(dest / W);
    let last = t;
    for (let f = 0; f < flits; f++) {
      let time = t + f;
      let x = src % W;
      let y = Math.floor(src / W);
      while (x !== dx || y !== dy) {
        let dir: number;
        if (x < dx) dir = 0;
        else if (x > dx) dir = 1;
        else if (y < dy) dir = 2;
        else dir = 3;
        const link = (y * W + x) * 4 + dir;
        const start = this.linkFree[link] > time ? this.linkFree[link] : time;
        this.waitCycles += start - time;
        this.linkFree[link] = start + 1;
        time = start + this.hopLatency;
        if (dir === 0) x++;
        else if (dir === 1) x--;
        else if (dir === 2) y++;
        else y--;
      }
      last = time;
    }
    return last;
  }
}
