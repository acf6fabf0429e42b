/**
 * Checkbox selection with shift-click ranges: a shift-click applies the clicked box's new state to
 * every row between it and the previous click, as in mail clients.
 */
export function toggleSelection(
  ids: readonly string[],
  selected: ReadonlySet<string>,
  anchor: string | null,
  id: string,
  shift: boolean,
): Set<string> {
  const next = new Set(selected);
  const on = !selected.has(id);
  const from = anchor ? ids.indexOf(anchor) : -1;
  const to = ids.indexOf(id);
  if (shift && from >= 0 && to >= 0) {
    const [a, b] = from < to ? [from, to] : [to, from];
    for (const rangeId of ids.slice(a, b + 1)) {
      if (on) next.add(rangeId);
      else next.delete(rangeId);
    }
  } else if (on) next.add(id);
  else next.delete(id);
  return next;
}
