/** A table lookup that never reads `Object.prototype` (a method named `constructor` or `toString` is not an entry). */
export function entry<T>(table: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return table && Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}
