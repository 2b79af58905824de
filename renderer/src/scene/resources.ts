// Reference-counted GPU resources (geometries, materials, textures): shared by every
// renderable that needs the same one, disposed explicitly when the last user lets go.

export interface Disposable {
  dispose(): void;
}

export class SharedResources<T extends Disposable> {
  private readonly entries = new Map<string, { value: T; users: number }>();

  constructor(private readonly onDispose?: (key: string, value: T) => void) {}

  /** Returns the resource for `key`, creating it on first use; null if it cannot be made. */
  acquire(key: string, create: () => T | null): T | null {
    const entry = this.entries.get(key);
    if (entry) {
      entry.users++;
      return entry.value;
    }
    const value = create();
    if (!value) return null;
    this.entries.set(key, { value, users: 1 });
    return value;
  }

  release(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    entry.users--;
    if (entry.users <= 0) {
      this.entries.delete(key);
      this.onDispose?.(key, entry.value);
      entry.value.dispose();
    }
  }

  get size(): number {
    return this.entries.size;
  }

  values(): IterableIterator<T> {
    return [...this.entries.values()].map((e) => e.value)[Symbol.iterator]();
  }

  /** Disposes everything, whoever still holds it (a run is replaced). */
  clear(): void {
    for (const [key, entry] of this.entries) {
      this.onDispose?.(key, entry.value);
      entry.value.dispose();
    }
    this.entries.clear();
  }
}
