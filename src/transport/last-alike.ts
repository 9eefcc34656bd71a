/**
 * A source of frozen records that hands back the last one it made while each new record has the same
 * values (compared with ===, key by key): the per-UA objects of a process are made alike, by the
 * thousand, and then share one record (a timing settings record, a core's accept lists).
 */
export function lastAlike<T extends object>(): (record: T) => Readonly<T> {
  let last: Readonly<T> | undefined;
  return (record) => {
    const previous = last;
    if (previous !== undefined && (Object.keys(record) as Array<keyof T>).every((key) => previous[key] === record[key])) return previous;
    return (last = Object.freeze(record));
  };
}
