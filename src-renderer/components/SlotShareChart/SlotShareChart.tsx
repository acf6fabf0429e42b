import { memo } from 'react';
import { Cell, Pie, PieChart, Tooltip } from 'recharts';
import type { SlotShare } from './slotShareSeries';

/** Share of the 16384 slots per master, in the same colours as the slot map. Re-renders only when `series` changes. */
export const SlotShareChart = memo(function SlotShareChart({ series }: { series: SlotShare[] }) {
  return (
    <figure
      className="card"
      data-testid="slot-share-chart"
      data-owners={series.filter((s) => s.ownerId !== 'unassigned').length}
      style={{ margin: 0 }}
    >
      <PieChart width={260} height={220}>
        <Pie
          data={series}
          dataKey="slots"
          nameKey="address"
          innerRadius={50}
          outerRadius={90}
          isAnimationActive={false}
        >
          {series.map((s) => (
            <Cell key={s.ownerId} fill={s.fill} stroke="var(--surface)" />
          ))}
        </Pie>
        <Tooltip
          formatter={(value, _name, item) => [
            `${value} slots (${(item.payload as SlotShare).share}%)`,
            (item.payload as SlotShare).address,
          ]}
        />
      </PieChart>
      <figcaption>
        <ul className="legend" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {series.map((s) => (
            <li key={s.ownerId} data-testid="slot-share-row">
              <span style={{ display: 'inline-block', width: 10, height: 10, background: s.fill, marginRight: 6 }} />
              {s.address}: {s.slots} ({s.share}%)
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
});
