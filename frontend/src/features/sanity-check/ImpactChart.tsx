import { Bar, BarChart, CartesianGrid, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { VendorImpact } from '@/api/ledgerTypes';
import { asNegative, chartValue, formatSignedMoney } from '@/lib/format';

interface Datum {
  vendor: string;
  added: number;
  removed: number;
  /** The exact texts, for the tooltip (the numbers only draw the bars). */
  addedText: string;
  removedText: string;
}

const compact = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 });

function ImpactTooltip({ active, payload }: { active?: boolean; payload?: ReadonlyArray<{ payload?: Datum }> }) {
  const d = payload?.[0]?.payload;
  if (!active || !d) return null;
  return (
    <div className="impact-tooltip">
      <p className="impact-tooltip__title">{d.vendor}</p>
      <p>
        <span className="impact-swatch impact-swatch--added" aria-hidden="true" /> Added{' '}
        <strong className="num">{formatSignedMoney(d.addedText)}</strong>
      </p>
      <p>
        <span className="impact-swatch impact-swatch--removed" aria-hidden="true" /> Removed{' '}
        <strong className="num">{formatSignedMoney(d.removedText)}</strong>
      </p>
    </div>
  );
}

/**
 * Monthly revenue impact by vendor: revenue added above the zero line, removed below it.
 * Colours come from the theme through CSS (sanity-check.css), so the chart follows light
 * and dark; the figures are in the table next to it for screen readers and exact reading.
 */
export function ImpactChart({ rows }: { rows: VendorImpact[] }) {
  const data: Datum[] = rows.map((r) => {
    const removedText = asNegative(r.removed);
    return { vendor: r.vendor, added: chartValue(r.added), removed: chartValue(removedText), addedText: r.added, removedText };
  });
  return (
    <div className="impact-chart" data-testid="impact-chart" aria-hidden="true">
      <div className="impact-legend">
        <span>
          <span className="impact-swatch impact-swatch--added" /> Added
        </span>
        <span>
          <span className="impact-swatch impact-swatch--removed" /> Removed
        </span>
      </div>
      <ResponsiveContainer width="100%" height={220} initialDimension={{ width: 480, height: 220 }}>
        <BarChart
          data={data}
          margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
          stackOffset="sign"
          barCategoryGap="28%"
          // Decorative (the table beside it has the figures): no keyboard stop inside an
          // aria-hidden chart.
          accessibilityLayer={false}
        >
          <CartesianGrid vertical={false} />
          <XAxis dataKey="vendor" tickLine={false} axisLine={false} interval={0} />
          <YAxis tickLine={false} axisLine={false} width={56} tickFormatter={(v: number) => compact.format(v)} />
          <ReferenceLine y={0} className="impact-zero" />
          <Tooltip content={<ImpactTooltip />} cursor={{ className: 'impact-cursor' }} isAnimationActive={false} />
          <Bar dataKey="added" stackId="impact" className="impact-bar--added" radius={[4, 4, 0, 0]} isAnimationActive={false} />
          <Bar dataKey="removed" stackId="impact" className="impact-bar--removed" radius={[4, 4, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
