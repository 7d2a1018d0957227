/**
 * Releases take their turn per dataset: each is protected against the dataset's ledger and stored before the next
 * release of that dataset reads the ledger, so two racing releases can never both pass unchecked against each other.
 * Releases of other datasets go on meanwhile. A release over several datasets (a rate: its numerators' and its
 * denominators' ledgers) waits for all of them; turns are taken in the order asked, so no two wait on each other.
 */
export class DatasetQueue {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(datasets: string[], work: () => Promise<T>): Promise<T> {
    const keys = [...new Set(datasets)];
    const before = keys.map((dataset) => this.tails.get(dataset));
    let done!: () => void;
    const turn = new Promise<void>((resolve) => (done = resolve));
    keys.forEach((dataset) => this.tails.set(dataset, turn));
    try {
      await Promise.all(before);
      return await work();
    } finally {
      done();
      keys.forEach((dataset) => this.tails.get(dataset) === turn && this.tails.delete(dataset));
    }
  }

  /** Datasets with a release being protected or waiting for its turn. */
  get busy(): string[] {
    return [...this.tails.keys()];
  }
}
